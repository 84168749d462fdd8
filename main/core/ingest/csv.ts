import { FileFormatError } from './errors.js';
import { MAX_CELL_CHARS, MAX_ROW_CHARS } from './limits.js';

const QUOTE = 34;
const COMMA = 44;
const SEMICOLON = 59;
/** A number written with a decimal comma (`7,5`, `-4,50755e-05`), as a European Excel saves one in a semicolon CSV. */
const DECIMAL_COMMA = /^-?\d+,\d+(?:[eE][-+]?\d+)?$/;
const CR = 13;
const LF = 10;
const BOM = '\uFEFF';

/**
 * A streaming RFC 4180 tokenizer (quoted fields, doubled quotes, CRLF or LF, BOM), tolerant the way
 * real exports need: rows may have fewer or more cells, a quote inside an unquoted field is kept
 * as text, blank lines are skipped, and a file whose lines end in CR alone (Excel's "CSV (Macintosh)")
 * is read line by line too. Lines without quotes take a split(',') fast path; csv-parse measured
 * ~50k rows/s here, too slow for a million-row Mobilisation file in the time budget.
 */
export class CsvTokenizer {
  private pending = '';
  private started = false;
  /** Decided at the first line break outside quotes: a CR not followed by LF means CR-only lines. */
  private crLines: boolean | null = null;
  /** Records emitted so far; the next record's row number is this + 1. */
  rowNumber = 0;
  /**
   * The field separator: a comma, or a semicolon when the first line that has either holds more
   * semicolons (Excel in a European locale saves "CSV" that way, with decimal commas).
   */
  separator: ',' | ';' | null = null;
  private sep = COMMA;

  constructor(private readonly onRecord: (cells: string[], rowNumber: number) => void) {}

  push(text: string): void {
    let buf = this.pending + text;
    if (!this.started && buf.length > 0) {
      this.started = true;
      if (buf.startsWith(BOM)) buf = buf.slice(1);
    }
    buf = this.lineEndings(buf, false);
    if (this.separator === null && !this.decideSeparator(buf, false)) {
      this.pending = buf;
      if (buf.length > MAX_ROW_CHARS)
        throw new FileFormatError(`row 1 is longer than ${MAX_ROW_CHARS} characters`);
      return;
    }
    const pos = this.scan(buf, false);
    this.pending = pos >= buf.length ? '' : buf.slice(pos);
    if (this.pending.length > MAX_ROW_CHARS) {
      throw new FileFormatError(
        `row ${this.rowNumber + 1} is longer than ${MAX_ROW_CHARS} characters (an unclosed quote?)`,
      );
    }
  }

  end(): void {
    const buf = this.lineEndings(this.pending, true);
    this.pending = '';
    if (this.separator === null) this.decideSeparator(buf, true);
    if (buf.length > 0) this.scan(buf, true);
  }

  /**
   * Decides the separator from the first complete line holding a comma or a semicolon (a title line
   * above the header may hold neither); false while no such line has arrived.
   */
  private decideSeparator(buf: string, atEnd: boolean): boolean {
    let start = 0;
    while (start < buf.length) {
      let end = buf.indexOf('\n', start);
      if (end < 0) {
        if (!atEnd) return false;
        end = buf.length;
      }
      let commas = 0;
      let semicolons = 0;
      for (let i = start; i < end; i++) {
        const c = buf.charCodeAt(i);
        if (c === COMMA) commas++;
        else if (c === SEMICOLON) semicolons++;
      }
      if (commas + semicolons > 0) {
        this.separator = semicolons > commas ? ';' : ',';
        this.sep = semicolons > commas ? SEMICOLON : COMMA;
        return true;
      }
      start = end + 1;
    }
    if (!atEnd) return false;
    this.separator = ',';
    return true;
  }

  /** In a semicolon file `7,5` is seven and a half: rewrite it as JavaScript reads numbers. */
  private decimalCommas(cells: string[]): void {
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i]!;
      if (c.includes(',') && DECIMAL_COMMA.test(c)) cells[i] = c.replace(',', '.');
    }
  }

  /**
   * Without this a CR-only file is one line: its header row swallows every record and the file
   * "imports" with no rows and no error. Until a line break is seen the text is kept as it is.
   */
  private lineEndings(buf: string, atEnd: boolean): string {
    // The first line break outside quotes decides: a CR in a quoted header cell must not.
    let quoted = false;
    for (let i = 0; this.crLines === null && i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (c === QUOTE) quoted = !quoted;
      else if (quoted) continue;
      else if (c === LF) this.crLines = false;
      else if (c === CR && (i + 1 < buf.length || atEnd)) this.crLines = buf.charCodeAt(i + 1) !== LF;
      else if (c === CR) break;
    }
    return this.crLines ? buf.replaceAll('\r', '\n') : buf;
  }

  /** Emits every complete record in buf; returns where the incomplete remainder starts. */
  private scan(buf: string, atEnd: boolean): number {
    const n = buf.length;
    let pos = 0;
    let nextQuote = buf.indexOf('"');
    if (nextQuote < 0) nextQuote = n;
    while (pos < n) {
      let nl = buf.indexOf('\n', pos);
      if (nl < 0) {
        if (!atEnd) return pos;
        nl = n;
      }
      if (nextQuote < pos) {
        nextQuote = buf.indexOf('"', pos);
        if (nextQuote < 0) nextQuote = n;
      }
      if (nextQuote >= nl) {
        let end = nl;
        if (end > pos && buf.charCodeAt(end - 1) === CR) end--;
        if (end > pos) this.emitLine(buf, pos, end);
        pos = nl + 1;
      } else {
        const next = this.scanQuoted(buf, pos, atEnd);
        if (next < 0) return pos;
        pos = next;
      }
    }
    return pos;
  }

  private emitLine(buf: string, start: number, end: number): void {
    const row = this.rowNumber + 1;
    if (end - start > MAX_ROW_CHARS)
      throw new FileFormatError(`row ${row} is longer than ${MAX_ROW_CHARS} characters`);
    const cells = buf.slice(start, end).split(this.separator!);
    if (end - start > MAX_CELL_CHARS) for (const c of cells) this.checkCell(c, row);
    if (this.sep === SEMICOLON) this.decimalCommas(cells);
    this.rowNumber = row;
    this.onRecord(cells, row);
  }

  private checkCell(cell: string, row: number): void {
    if (cell.length > MAX_CELL_CHARS) {
      throw new FileFormatError(
        `row ${row} has a cell of ${cell.length} characters (limit ${MAX_CELL_CHARS})`,
      );
    }
  }

  /** A record with quotes, character by character; -1 when it continues past the buffer. */
  private scanQuoted(buf: string, start: number, atEnd: boolean): number {
    const n = buf.length;
    const row = this.rowNumber + 1;
    const cells: string[] = [];
    let i = start;
    while (true) {
      let value: string;
      if (i < n && buf.charCodeAt(i) === QUOTE) {
        let j = i + 1;
        value = '';
        while (true) {
          const q = buf.indexOf('"', j);
          if (q < 0 || (q + 1 >= n && !atEnd)) {
            if (!atEnd) return -1;
            throw new FileFormatError(`row ${row} has a quoted field that is never closed`);
          }
          if (buf.charCodeAt(q + 1) === QUOTE) {
            value += buf.slice(j, q + 1);
            j = q + 2;
            continue;
          }
          value += buf.slice(j, q);
          i = q + 1;
          break;
        }
        let k = i;
        while (k < n) {
          const c = buf.charCodeAt(k);
          if (c === this.sep || c === LF || c === CR) break;
          k++;
        }
        if (k > i) value += buf.slice(i, k);
        i = k;
      } else {
        let k = i;
        while (k < n) {
          const c = buf.charCodeAt(k);
          if (c === this.sep || c === LF) break;
          k++;
        }
        const end = k < n && buf.charCodeAt(k) === LF && k > i && buf.charCodeAt(k - 1) === CR ? k - 1 : k;
        value = buf.slice(i, end);
        i = k;
      }
      this.checkCell(value, row);
      cells.push(value);
      if (i >= n) {
        if (!atEnd) return -1;
        break;
      }
      const c = buf.charCodeAt(i);
      if (c === this.sep) {
        i++;
        continue;
      }
      if (c === CR) i++;
      if (i < n && buf.charCodeAt(i) === LF) i++;
      else if (i >= n && !atEnd) return -1;
      break;
    }
    if (this.sep === SEMICOLON) this.decimalCommas(cells);
    this.rowNumber = row;
    this.onRecord(cells, row);
    return i;
  }
}
