import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { pipeline, Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';
import { FileFormatError } from './errors.js';
import { MAX_COMPRESSION_RATIO, MIN_BOMB_CHECK_BYTES, READ_CHUNK_BYTES } from './limits.js';

/**
 * Just enough of the zip format to read an .xlsx by random access: the central directory (so a
 * truncated file is caught before any work, by its missing end record) and one entry at a time,
 * inflated as a stream. Reading entries in the order we choose avoids spooling a worksheet to disk
 * while waiting for the shared strings, as a front-to-back zip stream reader must.
 */

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const ZIP64_EOCD_SIZE = 56;
const CENTRAL_SIGNATURE = 0x02014b50;
const CENTRAL_HEADER_SIZE = 46;
const LOCAL_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_SIZE = 30;
const ZIP64_EXTRA_ID = 0x0001;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;
/** A workbook's directory lists tens of entries; megabytes of it means a broken or hostile file. */
const MAX_CENTRAL_DIRECTORY_BYTES = 16 * 1024 * 1024;
const FLAG_ENCRYPTED = 0x1;
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;

const TRUNCATED = 'the .xlsx file is truncated or damaged (its zip directory is missing or cut short)';

async function readAt(handle: fsp.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buf, 0, length, position);
  if (bytesRead !== length) throw new FileFormatError(TRUNCATED);
  return buf;
}

interface DirectoryLocation {
  readonly entries: number;
  readonly size: number;
  readonly offset: number;
}

async function locateDirectory(handle: fsp.FileHandle, fileSize: number): Promise<DirectoryLocation> {
  if (fileSize < EOCD_SIZE) throw new FileFormatError(TRUNCATED);
  const tailLength = Math.min(fileSize, EOCD_SIZE + MAX_COMMENT);
  const tailStart = fileSize - tailLength;
  const tail = await readAt(handle, tailStart, tailLength);
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD_SIGNATURE) continue;
    const entries = tail.readUInt16LE(i + 10);
    const size = tail.readUInt32LE(i + 12);
    const offset = tail.readUInt32LE(i + 16);
    if (entries !== U16_MAX && size !== U32_MAX && offset !== U32_MAX) return { entries, size, offset };
    const locator = tailStart + i - ZIP64_LOCATOR_SIZE;
    if (locator < 0) throw new FileFormatError(TRUNCATED);
    const loc = await readAt(handle, locator, ZIP64_LOCATOR_SIZE);
    if (loc.readUInt32LE(0) !== ZIP64_LOCATOR_SIGNATURE) throw new FileFormatError(TRUNCATED);
    const eocd64 = await readAt(handle, Number(loc.readBigUInt64LE(8)), ZIP64_EOCD_SIZE);
    if (eocd64.readUInt32LE(0) !== ZIP64_EOCD_SIGNATURE) throw new FileFormatError(TRUNCATED);
    return {
      entries: Number(eocd64.readBigUInt64LE(32)),
      size: Number(eocd64.readBigUInt64LE(40)),
      offset: Number(eocd64.readBigUInt64LE(48)),
    };
  }
  throw new FileFormatError(TRUNCATED);
}

/** Sizes and offset stored as 0xFFFFFFFF live in the zip64 extra field, in this order. */
function applyZip64(
  extra: Buffer,
  values: { uncompressed: number; compressed: number; offset: number },
): void {
  for (let p = 0; p + 4 <= extra.length;) {
    const id = extra.readUInt16LE(p);
    const len = extra.readUInt16LE(p + 2);
    if (id === ZIP64_EXTRA_ID) {
      let q = p + 4;
      for (const key of ['uncompressed', 'compressed', 'offset'] as const) {
        if (values[key] === U32_MAX && q + 8 <= p + 4 + len) {
          values[key] = Number(extra.readBigUInt64LE(q));
          q += 8;
        }
      }
      return;
    }
    p += 4 + len;
  }
}

/** Reads the central directory; refuses a truncated or damaged archive. */
export async function readZipDirectory(path: string): Promise<Map<string, ZipEntry>> {
  const handle = await fsp.open(path, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    const dir = await locateDirectory(handle, fileSize);
    if (dir.size > MAX_CENTRAL_DIRECTORY_BYTES || dir.offset + dir.size > fileSize) {
      throw new FileFormatError(TRUNCATED);
    }
    const buf = await readAt(handle, dir.offset, dir.size);
    const entries = new Map<string, ZipEntry>();
    let p = 0;
    for (let n = 0; n < dir.entries; n++) {
      if (p + CENTRAL_HEADER_SIZE > buf.length || buf.readUInt32LE(p) !== CENTRAL_SIGNATURE) {
        throw new FileFormatError(TRUNCATED);
      }
      const nameLen = buf.readUInt16LE(p + 28);
      const extraLen = buf.readUInt16LE(p + 30);
      const commentLen = buf.readUInt16LE(p + 32);
      const name = buf.toString('utf8', p + CENTRAL_HEADER_SIZE, p + CENTRAL_HEADER_SIZE + nameLen);
      const values = {
        compressed: buf.readUInt32LE(p + 20),
        uncompressed: buf.readUInt32LE(p + 24),
        offset: buf.readUInt32LE(p + 42),
      };
      const extraStart = p + CENTRAL_HEADER_SIZE + nameLen;
      applyZip64(buf.subarray(extraStart, extraStart + extraLen), values);
      if (values.offset + values.compressed > fileSize) throw new FileFormatError(TRUNCATED);
      entries.set(name, {
        name,
        method: buf.readUInt16LE(p + 10),
        flags: buf.readUInt16LE(p + 8),
        compressedSize: values.compressed,
        uncompressedSize: values.uncompressed,
        localHeaderOffset: values.offset,
      });
      p = extraStart + extraLen + commentLen;
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** Where an entry's data starts: after its local header, whose name/extra lengths may differ. */
async function dataOffset(path: string, entry: ZipEntry): Promise<number> {
  const handle = await fsp.open(path, 'r');
  try {
    const header = await readAt(handle, entry.localHeaderOffset, LOCAL_HEADER_SIZE);
    if (header.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new FileFormatError(TRUNCATED);
    return entry.localHeaderOffset + LOCAL_HEADER_SIZE + header.readUInt16LE(26) + header.readUInt16LE(28);
  } finally {
    await handle.close();
  }
}

export interface EntryStream {
  /** The inflated bytes. */
  readonly stream: Readable;
  /** Compressed bytes read from the file so far, for progress. */
  readonly compressedBytesRead: () => number;
}

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** Refuses a part whose directory entry promises a zip bomb's inflation. */
function checkInflation(entry: ZipEntry): void {
  if (entry.method !== METHOD_DEFLATED || entry.uncompressedSize < MIN_BOMB_CHECK_BYTES) return;
  const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
  if (ratio > MAX_COMPRESSION_RATIO) {
    throw new FileFormatError(
      `${entry.name} would inflate from ${megabytes(entry.compressedSize)} to ` +
        `${megabytes(entry.uncompressedSize)} (${Math.round(ratio)}:1; workbooks stay under ` +
        `${MAX_COMPRESSION_RATIO}:1): a zip bomb, not an Excel workbook`,
    );
  }
}

/**
 * Stops inflating at the size the directory declared: a directory that understates its part (to get
 * past checkInflation) is lying, and what follows could be gigabytes.
 */
function declaredSizeLimit(entry: ZipEntry): Transform {
  let inflated = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      inflated += chunk.length;
      if (inflated <= entry.uncompressedSize) done(null, chunk);
      else
        done(
          new FileFormatError(
            `${entry.name} inflates to more than the ${entry.uncompressedSize} bytes its zip directory ` +
              `declares: a zip bomb or a damaged file`,
          ),
        );
    },
  });
}

/** Opens one entry as a stream of its uncompressed bytes. */
export async function openZipEntry(path: string, entry: ZipEntry): Promise<EntryStream> {
  if (entry.flags & FLAG_ENCRYPTED) throw new FileFormatError('the workbook is password-protected');
  if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATED) {
    throw new FileFormatError(`${entry.name} uses an unsupported zip compression method (${entry.method})`);
  }
  checkInflation(entry);
  if (entry.compressedSize === 0) return { stream: Readable.from([]), compressedBytesRead: () => 0 };
  const start = await dataOffset(path, entry);
  let read = 0;
  const raw = fs.createReadStream(path, {
    start,
    end: start + entry.compressedSize - 1,
    highWaterMark: READ_CHUNK_BYTES,
  });
  raw.on('data', (chunk) => (read += chunk.length));
  if (entry.method === METHOD_STORED) return { stream: raw, compressedBytesRead: () => read };
  const inflate = zlib.createInflateRaw({ chunkSize: READ_CHUNK_BYTES });
  // pipeline hands any stage's error to the reader of the last stage, and closes the file when the
  // reader stops early; its own callback has nothing left to report.
  const stream = pipeline(raw, inflate, declaredSizeLimit(entry), () => {});
  return { stream, compressedBytesRead: () => read };
}
