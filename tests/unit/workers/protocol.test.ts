import { describe, expect, it } from 'vitest';
import { DateOrderRereadError, FileFormatError, IMPORT_ERRORS } from '../../../main/core/ingest/errors.js';
import { deserializeError, JobCancelledError, serializeError } from '../../../main/core/workers/protocol.js';
import { ShelfError, TEST_ERRORS } from '../../fixtures/workers/test-errors.js';

/** The one serialised error shape: what crosses a thread boundary, and what it is revived as. */
describe('serializeError / deserializeError', () => {
  it('round-trips a cancellation as JobCancelledError with its own words', () => {
    const sent = serializeError(
      new JobCancelledError('Import cancelled; the file in progress was rolled back.'),
    );
    expect(sent).toEqual({
      name: 'JobCancelledError',
      message: 'Import cancelled; the file in progress was rolled back.',
      cancelled: true,
    });
    const back = deserializeError(structuredClone(sent));
    expect(back).toBeInstanceOf(JobCancelledError);
    expect(back.message).toBe(sent.message);
  });

  it('carries a domain error in details and revives it by name', () => {
    const sent = serializeError(new ShelfError('A2', 9));
    expect(sent).toEqual({
      name: 'ShelfError',
      message: 'shelf A2 holds 9 too many',
      cancelled: false,
      details: { shelf: 'A2', count: 9 },
    });
    expect(deserializeError(structuredClone(sent), TEST_ERRORS)).toBeInstanceOf(ShelfError);
  });

  it("revives the import's reading errors as the classes the import checks for", () => {
    const reread = deserializeError(serializeError(new DateOrderRereadError('month-first')), IMPORT_ERRORS);
    expect(reread).toBeInstanceOf(DateOrderRereadError);
    expect((reread as DateOrderRereadError).order).toBe('month-first');
    const format = deserializeError(serializeError(new FileFormatError('not a workbook')), IMPORT_ERRORS);
    expect(format).toBeInstanceOf(FileFormatError);
    expect(format.message).toBe('not a workbook');
  });

  it('falls back to a plain error with the same name and words when details do not fit', () => {
    const back = deserializeError(
      { name: 'ShelfError', message: 'shelf ? is odd', cancelled: false, details: { shelf: 4 } },
      TEST_ERRORS,
    );
    expect(back).not.toBeInstanceOf(ShelfError);
    expect(back.name).toBe('ShelfError');
    expect(back.message).toBe('shelf ? is odd');
  });

  it('never revives by a name the registry inherits (toString, constructor)', () => {
    const back = deserializeError({ name: 'toString', message: 'odd', cancelled: false }, TEST_ERRORS);
    expect(back.name).toBe('toString');
    expect(back.message).toBe('odd');
  });

  it('keeps a system error code and a thrown non-error as words', () => {
    const sent = serializeError(Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' }));
    expect(sent.details).toEqual({ code: 'SQLITE_FULL' });
    expect((deserializeError(sent) as NodeJS.ErrnoException).code).toBe('SQLITE_FULL');
    expect(serializeError(42)).toEqual({ name: 'Error', message: '42', cancelled: false });
  });
});
