import { StringDecoder } from 'node:string_decoder';
import type { Cell, Row } from '../lfb/cells.js';
import { FileFormatError } from './errors.js';
import { hashFile } from './hash.js';
import { BATCH_ROWS } from './limits.js';
import { SharedStrings, SharedStringsParser } from './shared-strings.js';
import { SheetScanner } from './sheet-scanner.js';
import type { RowBatch, SheetSource, TableSource } from './source.js';
import { attribute, readProlog } from './xml.js';
import { openZipEntry, readZipDirectory, type ZipEntry } from './zip.js';

/**
 * An .xlsx workbook as a table source: worksheets in workbook order, each streamed row by row from
 * the zip. Nothing holds a whole sheet; the shared-string table is the one structure that grows with
 * the file, and it is kept compact (see SharedStrings).
 */

const WORKBOOK_PATH = 'xl/workbook.xml';
const WORKBOOK_RELS_PATH = 'xl/_rels/workbook.xml.rels';
const DEFAULT_SHARED_STRINGS_PATH = 'xl/sharedStrings.xml';
/** workbook.xml and its relationships are a few kilobytes; more is not a workbook we can read. */
const MAX_SMALL_PART_CHARS = 8 * 1024 * 1024;
const SHEET_TAG = /<(?:\w+:)?sheet\b[^>]*>/g;
const RELATIONSHIP_TAG = /<(?:\w+:)?Relationship\b[^>]*>/g;
const WORKSHEET_PATH = /^xl\/worksheets\/sheet(\d+)\.xml$/;
/** An XML declaration and a comment or two: a part with no root element by then is not XML. */
const MAX_PROLOG_CHARS = 64 * 1024;

interface SheetRef {
  readonly name: string;
  readonly entry: ZipEntry;
}

function damaged(error: unknown): Error {
  if (error instanceof FileFormatError) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new FileFormatError(`the .xlsx file is damaged or truncated (${(error as Error).message})`);
  }
  return error as Error;
}

async function* entryText(
  path: string,
  entry: ZipEntry,
  progress?: (n: number) => void,
): AsyncGenerator<string> {
  const { stream, compressedBytesRead } = await openZipEntry(path, entry);
  const decoder = new StringDecoder('utf8');
  // Held back until the root element shows, so that nothing inside a DOCTYPE is ever scanned.
  let head: string | null = '';
  const checked = (text: string): string => {
    if (head === null) return text;
    head += text;
    const prolog = readProlog(head);
    if (prolog === 'declaration') {
      throw new FileFormatError(
        `${entry.name} declares a DOCTYPE (XML entities), which no spreadsheet application writes: refused`,
      );
    }
    if (prolog === 'incomplete') {
      if (head.length > MAX_PROLOG_CHARS) throw new FileFormatError(`${entry.name} is not XML`);
      return '';
    }
    const all = head;
    head = null;
    return all;
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      progress?.(compressedBytesRead());
      yield checked(decoder.write(chunk));
    }
    yield checked(decoder.end());
    // A part too short to reach a root element holds nothing to scan, but is passed on as it is.
    if (head) yield head;
  } catch (error) {
    throw damaged(error);
  } finally {
    stream.destroy();
  }
}

async function readSmallPart(path: string, entry: ZipEntry): Promise<string> {
  let text = '';
  for await (const part of entryText(path, entry)) {
    text += part;
    if (text.length > MAX_SMALL_PART_CHARS) throw new FileFormatError(`${entry.name} is implausibly large`);
  }
  return text;
}

function resolveTarget(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
}

async function listSheets(path: string, entries: Map<string, ZipEntry>) {
  const workbook = entries.get(WORKBOOK_PATH);
  if (!workbook) throw new FileFormatError('a zip archive, but not an Excel workbook (no xl/workbook.xml)');
  const workbookXml = await readSmallPart(path, workbook);
  const relsEntry = entries.get(WORKBOOK_RELS_PATH);
  const relsXml = relsEntry ? await readSmallPart(path, relsEntry) : '';

  const targets = new Map<string, string>();
  let sharedStringsPath = DEFAULT_SHARED_STRINGS_PATH;
  for (const tag of relsXml.match(RELATIONSHIP_TAG) ?? []) {
    const id = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    if (id === null || target === null) continue;
    targets.set(id, resolveTarget(target));
    if ((attribute(tag, 'Type') ?? '').endsWith('/sharedStrings')) sharedStringsPath = resolveTarget(target);
  }

  const sheets: SheetRef[] = [];
  for (const tag of workbookXml.match(SHEET_TAG) ?? []) {
    const id = /\s(?:\w+:)?id=["']([^"']*)["']/.exec(tag)?.[1];
    const target = id === undefined ? undefined : targets.get(id);
    const entry = target === undefined ? undefined : entries.get(target);
    if (entry) sheets.push({ name: attribute(tag, 'name') ?? target!, entry });
  }
  if (sheets.length === 0) {
    // No usable relationships: fall back to the conventional part names, in number order.
    const parts = [...entries.keys()]
      .map((name) => ({ name, n: Number(WORKSHEET_PATH.exec(name)?.[1]) }))
      .filter((p) => Number.isFinite(p.n))
      .sort((a, b) => a.n - b.n);
    for (const p of parts) sheets.push({ name: `Sheet${p.n}`, entry: entries.get(p.name)! });
  }
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904=["'](?:1|true)["']/.test(workbookXml);
  return { sheets, date1904, sharedStrings: entries.get(sharedStringsPath) };
}

export async function openXlsx(path: string, size: number): Promise<TableSource> {
  const entries = await readZipDirectory(path);
  const { sheets, date1904, sharedStrings } = await listSheets(path, entries);
  if (sheets.length === 0) throw new FileFormatError('the workbook has no worksheets');

  let finishedBytes = 0;
  let currentBytes = 0;
  const progress = (n: number) => (currentBytes = n);
  const finishEntry = () => {
    finishedBytes += currentBytes;
    currentBytes = 0;
  };

  let strings: SharedStrings | null = null;
  async function loadStrings(): Promise<SharedStrings> {
    if (strings) return strings;
    const table = new SharedStrings();
    if (sharedStrings) {
      const parser = new SharedStringsParser(table);
      for await (const text of entryText(path, sharedStrings, progress)) parser.push(text);
      finishEntry();
    }
    strings = table;
    return table;
  }

  function sheetSource(ref: SheetRef): SheetSource {
    return {
      name: ref.name,
      async *batches(): AsyncGenerator<RowBatch, void, undefined> {
        const table = await loadStrings();
        let rows: Row[] = [];
        let rowNumbers: number[] = [];
        const scanner = new SheetScanner(table, (cells: Cell[], n: number) => {
          rows.push(cells);
          rowNumbers.push(n);
        });
        try {
          for await (const text of entryText(path, ref.entry, progress)) {
            scanner.push(text);
            if (rows.length >= BATCH_ROWS) {
              yield { rows, rowNumbers };
              rows = [];
              rowNumbers = [];
            }
          }
        } finally {
          finishEntry();
        }
        if (rows.length > 0) yield { rows, rowNumbers };
      },
    };
  }

  return {
    format: 'xlsx',
    date1904,
    bytesTotal: size,
    bytesRead: () => Math.min(size, finishedBytes + currentBytes),
    async *sheets() {
      for (const ref of sheets) yield sheetSource(ref);
    },
    sha256: () => hashFile(path),
  };
}
