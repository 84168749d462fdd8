import fs from 'node:fs';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Cell, ColumnKind, ColumnSpec } from './columns.js';
import { formatDayFirst, formatIsoDate, newLocalParts, wallParts } from './time.js';

/** A sink for rows in one column layout; CSV and xlsx implement it. */
export interface RowWriter {
  /** Returns a promise only when the caller must wait (a flush or a pause): a promise per row for a
   *  million rows was a large share of the garbage-collection time. */
  write(row: readonly Cell[]): Promise<void> | undefined;
  close(): Promise<void>;
}

/** Flush to disk in chunks of about this size: large enough to be fast, small enough to stay bounded. */
const CSV_CHUNK_CHARS = 1 << 16;

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180: a field with a comma, quote or line break is quoted, and quotes inside are doubled. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + '\n';
}

const scratch = newLocalParts();

/** Formats one cell as the published CSVs write it (see columns.ts). */
export function formatCsvCell(value: Cell, kind: ColumnKind): string {
  if (value === null) return '';
  switch (kind) {
    case 'text':
      return csvField(String(value));
    case 'int':
      return String(value);
    case 'float':
      return Number.isInteger(value) ? `${value}.0` : String(value);
    case 'coord':
      return String(Number((value as number).toFixed(10)));
    case 'date':
      return formatIsoDate(wallParts(value as number, scratch));
    case 'datetime':
      return formatDayFirst(value as number);
  }
}

export class CsvRowWriter implements RowWriter {
  /**
   * Lines joined once per flush, in chunks small enough that rows die young (a 1 MiB buffer promoted
   * every row to the old generation and tripled the collector's work). Writes are synchronous: the
   * generator is a batch job, and awaiting each 64 KiB write left the CPU idle a tenth of the time.
   */
  private lines: string[] = [];
  private chars = 0;
  private readonly kinds: ColumnKind[];

  private constructor(
    private readonly fd: number,
    columns: readonly ColumnSpec[],
  ) {
    this.kinds = columns.map((c) => c.kind);
    this.lines.push(csvLine(columns.map((c) => c.name)));
  }

  static open(file: string, columns: readonly ColumnSpec[]): CsvRowWriter {
    return new CsvRowWriter(fs.openSync(file, 'w'), columns);
  }

  write(row: readonly Cell[]): Promise<void> | undefined {
    let line = '';
    const kinds = this.kinds;
    for (let i = 0; i < kinds.length; i++) {
      if (i > 0) line += ',';
      line += formatCsvCell(row[i] ?? null, kinds[i]!);
    }
    line += '\n';
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars >= CSV_CHUNK_CHARS) this.flush();
    return undefined;
  }

  private flush(): void {
    if (this.lines.length === 0) return;
    const text = this.lines.join('');
    this.lines = [];
    this.chars = 0;
    fs.writeSync(this.fd, text, null, 'utf8');
  }

  async close(): Promise<void> {
    try {
      this.flush();
    } finally {
      fs.closeSync(this.fd);
    }
  }
}

const NUM_FMT: Partial<Record<ColumnKind, string>> = {
  date: 'yyyy-mm-dd',
  datetime: 'dd/mm/yyyy hh:mm:ss',
};

/**
 * One style object per kind, assigned to every cell of that kind. exceljs gives each new cell a fresh
 * style object and then renders and hashes it to find its style id; reusing the same object hits its
 * identity cache instead, which more than halved the time to write a workbook.
 */
const SHARED_STYLES: Readonly<Record<ColumnKind, Partial<ExcelJS.Style>>> = {
  text: {},
  int: {},
  float: {},
  coord: {},
  date: { numFmt: NUM_FMT.date! },
  datetime: { numFmt: NUM_FMT.datetime! },
};

/**
 * exceljs's streaming writer never pushes back on its producer: rows are rendered as fast as they come
 * and queue in front of the zip compressor (measured: ~1.5 KB a row, 300 MB by 200k rows). Every few
 * hundred rows we look at that queue and, past a few megabytes, wait for it to drain.
 */
const XLSX_ROWS_PER_CHECK = 500;
const XLSX_MAX_QUEUED_BYTES = 4 << 20;

/** The parts of exceljs 4.4's WorkbookWriter that writing the shared strings as a stream needs. */
interface SharedStringsInternals {
  sharedStrings?: { values?: unknown; totalRefs?: unknown };
  zip?: { append?: (source: Readable, options: { name: string }) => unknown };
  addSharedStrings?: () => Promise<void>;
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const NEEDS_PRESERVE = /^\s|\n|\s$/;
const SHARED_STRINGS_CHUNK_CHARS = 1 << 16;

function* sharedStringsXml(values: readonly string[], references: number): Generator<Buffer> {
  let chunk =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${references}" uniqueCount="${values.length}">`;
  for (const value of values) {
    const text = value.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
    chunk += NEEDS_PRESERVE.test(value)
      ? `<si><t xml:space="preserve">${text}</t></si>`
      : `<si><t>${text}</t></si>`;
    if (chunk.length >= SHARED_STRINGS_CHUNK_CHARS) {
      yield Buffer.from(chunk, 'utf8');
      chunk = '';
    }
  }
  yield Buffer.from(chunk + '</sst>', 'utf8');
}

/**
 * exceljs renders the whole sharedStrings.xml as one string at commit: with a million distinct incident
 * numbers that spike (hundreds of MB per workbook, both workbooks at once) was most of the generator's
 * peak memory. This writes the same XML as a stream instead. If exceljs's internals are not as expected,
 * its own method is left in place.
 */
function streamSharedStrings(workbook: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const wb = workbook as unknown as SharedStringsInternals;
  const zip = wb.zip;
  if (typeof wb.addSharedStrings !== 'function' || typeof zip?.append !== 'function') return;
  wb.addSharedStrings = async () => {
    const { values, totalRefs } = wb.sharedStrings ?? {};
    if (!Array.isArray(values) || values.length === 0) return;
    const references = typeof totalRefs === 'number' ? totalRefs : values.length;
    zip.append!(Readable.from(sharedStringsXml(values as string[], references), { objectMode: false }), {
      name: '/xl/sharedStrings.xml',
    });
  };
}

/** The stream between a worksheet and the zip compressor (exceljs 4.4 internals, checked defensively). */
interface QueueStream {
  _writableState?: { length?: number };
  once(event: 'drain', listener: () => void): unknown;
}

function zipQueue(sheet: ExcelJS.Worksheet): QueueStream | null {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes;
  const pipe = pipes?.[0] as QueueStream | undefined;
  return pipe && typeof pipe._writableState?.length === 'number' && typeof pipe.once === 'function'
    ? pipe
    : null;
}
/** Created/modified stamps are fixed so the workbook's metadata does not depend on when it was made. */
const FIXED_WORKBOOK_DATE = new Date(Date.UTC(2000, 0, 1));

export class XlsxRowWriter implements RowWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  private readonly kinds: ColumnKind[];
  private readonly styles: Partial<ExcelJS.Style>[];
  private sinceCheck = 0;
  private readonly output: fs.WriteStream;
  private readonly outputDone: Promise<void>;

  constructor(file: string, columns: readonly ColumnSpec[], sheetName: string) {
    this.output = fs.createWriteStream(file);
    this.outputDone = new Promise((resolve, reject) => {
      this.output.on('close', () => resolve());
      this.output.on('error', reject);
    });
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: this.output,
      useSharedStrings: true,
      useStyles: true,
    });
    streamSharedStrings(this.workbook);
    this.workbook.created = FIXED_WORKBOOK_DATE;
    this.workbook.modified = FIXED_WORKBOOK_DATE;
    this.workbook.creator = 'Pump ETA synthetic data generator (not real LFB data)';
    this.sheet = this.workbook.addWorksheet(sheetName);
    this.kinds = columns.map((c) => c.kind);
    this.sheet.columns = columns.map((c) => ({
      header: c.name,
      key: c.name,
      width: c.kind === 'datetime' ? 20 : 14,
    }));
    this.styles = this.kinds.map((k) => SHARED_STYLES[k]);
  }

  write(row: readonly Cell[]): Promise<void> | undefined {
    const values: (string | number | Date | null)[] = new Array(this.kinds.length);
    for (let i = 0; i < this.kinds.length; i++) {
      const v = row[i] ?? null;
      const kind = this.kinds[i]!;
      // Excel date cells carry no zone: the wall-clock milliseconds are exactly what Excel shows.
      values[i] = v !== null && (kind === 'date' || kind === 'datetime') ? new Date(v as number) : v;
    }
    const added = this.sheet.addRow(values);
    for (let i = 0; i < this.styles.length; i++) added.getCell(i + 1).style = this.styles[i]!;
    added.commit();
    if (++this.sinceCheck < XLSX_ROWS_PER_CHECK) return undefined;
    this.sinceCheck = 0;
    const queue = zipQueue(this.sheet);
    if (!queue) return new Promise<void>((resolve) => setImmediate(resolve));
    if ((queue._writableState?.length ?? 0) < XLSX_MAX_QUEUED_BYTES) return undefined;
    return new Promise<void>((resolve) => queue.once('drain', resolve));
  }

  async close(): Promise<void> {
    this.sheet.commit();
    await this.workbook.commit();
    await this.outputDone;
  }
}
