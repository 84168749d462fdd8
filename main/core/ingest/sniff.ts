import fs from 'node:fs/promises';
import { FileFormatError } from './errors.js';

export type FileFormat = 'csv' | 'xlsx';

const SNIFF_BYTES = 4096;

/** Leading bytes of files people mistake for spreadsheets, and what to tell them. */
const SIGNATURES: readonly { readonly bytes: readonly number[]; readonly what: string }[] = [
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: 'an empty zip archive, not an Excel workbook' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image, not a spreadsheet' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image, not a spreadsheet' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image, not a spreadsheet' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document, not a spreadsheet' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive: unpack it first' },
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0],
    what: 'an old-format Excel (.xls) or other Office file: save it as .xlsx or .csv',
  },
  { bytes: [0xff, 0xfe], what: 'UTF-16 text: save it as "CSV UTF-8" or .xlsx' },
  { bytes: [0xfe, 0xff], what: 'UTF-16 text: save it as "CSV UTF-8" or .xlsx' },
];

const ZIP_LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04];

function startsWith(head: Buffer, bytes: readonly number[]): boolean {
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}

/**
 * Decides from the content, not the extension, whether a file is an XLSX workbook (a zip) or CSV
 * text; anything else is refused with a message saying what it looks like.
 */
export async function sniffFormat(path: string): Promise<FileFormat> {
  const handle = await fs.open(path, 'r');
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
    return classify(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

export function classify(head: Buffer): FileFormat {
  if (head.length === 0) throw new FileFormatError('the file is empty');
  if (startsWith(head, ZIP_LOCAL_HEADER)) return 'xlsx';
  for (const { bytes, what } of SIGNATURES) {
    if (startsWith(head, bytes)) throw new FileFormatError(`the file is ${what}`);
  }
  if (head.includes(0))
    throw new FileFormatError('the file holds binary data, not CSV text or an .xlsx workbook');
  return 'csv';
}
