import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../../../main/core/ingest/errors.js';
import { classify } from '../../../main/core/ingest/sniff.js';

const bytes = (...b: number[]) => Buffer.from(b);

describe('classify (content, not extension)', () => {
  it('takes a zip for an .xlsx and text for a CSV', () => {
    expect(classify(bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0))).toBe('xlsx');
    expect(classify(Buffer.from('IncidentNumber,DateOfCall\n'))).toBe('csv');
    expect(classify(Buffer.from('\uFEFFIncidentNumber\n'))).toBe('csv');
  });

  it.each([
    [Buffer.alloc(0), /empty/],
    [bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), /PNG image/],
    [bytes(0x50, 0x4b, 0x05, 0x06, 0, 0), /empty zip/],
    [bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1), /\.xls/],
    [bytes(0xff, 0xfe, 0x49, 0x00), /UTF-16/],
    [bytes(0x25, 0x50, 0x44, 0x46, 0x2d), /PDF/],
    [bytes(0x41, 0x00, 0x42), /binary/],
  ])('refuses %#', (head, message) => {
    expect(() => classify(head)).toThrow(FileFormatError);
    expect(() => classify(head)).toThrow(message);
  });
});
