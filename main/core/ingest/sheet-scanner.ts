import type { Cell } from '../lfb/cells.js';
import { FileFormatError } from './errors.js';
import { MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROW_CHARS } from './limits.js';
import type { SharedStrings } from './shared-strings.js';
import { attribute, collectText, decodeXmlText } from './xml.js';

/** SpreadsheetML cell types (the `t` attribute), as the scanner distinguishes them. */
const CellType = {
  Number: 0,
  Shared: 1,
  Inline: 2,
  Boolean: 3,
  Error: 4,
  /** Formula strings (`str`) and ISO dates (`d`), read as text. */
  Text: 5,
} as const;
type CellType = (typeof CellType)[keyof typeof CellType];

const SPACE = 32;
const QUOTE = 34;
const SLASH = 47;
const GT = 62;

/**
 * `buf.indexOf(needle, from)` limited to [from, to). A search that runs on past the element would
 * cross the whole rest of the buffer whenever the element lacks what it looks for (a number cell has
 * no `t=`): quadratic in a wide row, minutes for one 16,384-column sheet.
 */
function indexWithin(buf: string, needle: string, from: number, to: number): number {
  const i = buf.slice(from, to).indexOf(needle);
  return i < 0 ? -1 : from + i;
}

/** `AB12` → 27 (0-based column of the letters); -1 when the reference has no letters. */
export function columnOfRef(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 32;
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
  }
  return i === 0 ? -1 : col - 1;
}

/**
 * Streams a worksheet's XML into rows of cells. Numbers stay numbers (dates are serials: styles are
 * not read), strings are resolved from the shared-string table, formulas give their cached result.
 */
export class SheetScanner {
  private pending = '';
  private lastRow = 0;

  constructor(
    private readonly strings: SharedStrings,
    private readonly onRow: (cells: Cell[], rowNumber: number) => void,
  ) {}

  push(text: string): void {
    const buf = this.pending + text;
    const n = buf.length;
    let pos = 0;
    let incomplete: number | null = null;
    while (true) {
      const start = buf.indexOf('<row', pos);
      if (start < 0) {
        pos = Math.max(pos, n - 4);
        break;
      }
      if (start + 4 >= n) {
        pos = start;
        break;
      }
      const after = buf.charCodeAt(start + 4);
      if (after !== SPACE && after !== GT && after !== SLASH) {
        pos = start + 4; // <rowBreaks> and the like
        continue;
      }
      const gt = buf.indexOf('>', start);
      if (gt < 0) {
        pos = start;
        break;
      }
      const previousRow = this.lastRow;
      const rowNumber = this.rowNumberOf(buf.slice(start, gt));
      if (buf.charCodeAt(gt - 1) === 47) {
        pos = gt + 1; // an empty <row/>
        continue;
      }
      const end = buf.indexOf('</row>', gt);
      if (end < 0) {
        // The row is read again, whole, with the next text: a row without `r` must not be counted twice.
        this.lastRow = previousRow;
        incomplete = rowNumber;
        pos = start;
        break;
      }
      this.onRow(this.cellsOf(buf, gt + 1, end, rowNumber), rowNumber);
      pos = end + 6;
    }
    this.pending = buf.slice(pos);
    if (this.pending.length > MAX_ROW_CHARS) {
      throw new FileFormatError(
        `row ${incomplete ?? this.lastRow + 1} is larger than ${MAX_ROW_CHARS} characters of XML`,
      );
    }
  }

  private rowNumberOf(tag: string): number {
    const r = attribute(tag, 'r');
    const n = r === null ? NaN : parseInt(r, 10);
    this.lastRow = Number.isFinite(n) ? n : this.lastRow + 1;
    return this.lastRow;
  }

  private cellsOf(buf: string, from: number, to: number, rowNumber: number): Cell[] {
    const cells: Cell[] = [];
    let next = 0;
    let i = from;
    while (i < to) {
      const start = buf.indexOf('<c', i);
      if (start < 0 || start >= to) break;
      const after = buf.charCodeAt(start + 2);
      if (after !== SPACE && after !== GT && after !== SLASH) {
        i = start + 2;
        continue;
      }
      const gt = buf.indexOf('>', start);
      const index = this.columnAt(buf, start, gt, next);
      if (index >= MAX_COLUMNS) {
        // Rows are arrays indexed by column: a reference to column 4 billion would be one of that length.
        throw new FileFormatError(
          `row ${rowNumber} has a cell beyond column XFD, the last column a spreadsheet can have`,
        );
      }
      next = index + 1;
      if (buf.charCodeAt(gt - 1) === SLASH) {
        i = gt + 1;
        continue;
      }
      const end = indexWithin(buf, '</c>', gt, to);
      if (end < 0) break;
      if (end - gt > MAX_CELL_CHARS) {
        throw new FileFormatError(`row ${rowNumber} has a cell larger than ${MAX_CELL_CHARS} characters`);
      }
      cells[index] = this.valueOf(buf, gt + 1, end, typeAt(buf, start, gt));
      i = end + 4;
    }
    return cells;
  }

  /** The column of `r="AB12"` in the tag at [start, gt), else the next column. */
  private columnAt(buf: string, start: number, gt: number, next: number): number {
    const r = indexWithin(buf, ' r="', start, gt);
    if (r < 0) return next;
    let col = 0;
    let k = r + 4;
    for (; ; k++) {
      const c = buf.charCodeAt(k) | 32;
      if (c < 97 || c > 122) break;
      col = col * 26 + (c - 96);
    }
    return k === r + 4 ? next : col - 1;
  }

  private valueOf(buf: string, from: number, to: number, type: CellType): Cell {
    if (type === CellType.Inline) {
      const is = indexWithin(buf, '<is>', from, to);
      const isEnd = indexWithin(buf, '</is>', from, to);
      return is >= 0 && isEnd > is ? collectText(buf.slice(is + 4, isEnd)) : null;
    }
    let v = from;
    if (!buf.startsWith('<v>', from)) {
      v = indexWithin(buf, '<v', from, to);
      if (v < 0) return null;
      const gt = buf.indexOf('>', v);
      if (buf.charCodeAt(gt - 1) === SLASH) return null; // <v/>
      v = gt - 2;
    }
    const valueStart = v + 3;
    const valueEnd = indexWithin(buf, '</v>', valueStart, to);
    if (valueEnd < 0) return null;
    switch (type) {
      case CellType.Number: {
        const raw = buf.slice(valueStart, valueEnd);
        const n = Number(raw);
        return Number.isNaN(n) ? raw : n;
      }
      case CellType.Shared: {
        let index = 0;
        for (let k = valueStart; k < valueEnd; k++) index = index * 10 + (buf.charCodeAt(k) - 48);
        return this.strings.get(index) ?? null;
      }
      case CellType.Boolean:
        return buf.charCodeAt(valueStart) === 49 || buf.startsWith('true', valueStart);
      case CellType.Error:
        return null;
      case CellType.Text:
        return decodeXmlText(buf.slice(valueStart, valueEnd));
    }
  }
}

/** The cell type from `t="…"` in the tag at [start, gt); see the SpreadsheetML cell types. */
function typeAt(buf: string, start: number, gt: number): CellType {
  const t = indexWithin(buf, ' t="', start, gt);
  if (t < 0) return CellType.Number;
  const c1 = buf.charCodeAt(t + 4);
  const c2 = buf.charCodeAt(t + 5);
  switch (c1) {
    case 115: // s, str
      return c2 === QUOTE ? CellType.Shared : CellType.Text;
    case 105: // inlineStr
      return CellType.Inline;
    case 98: // b
      return CellType.Boolean;
    case 101: // e
      return CellType.Error;
    case 110: // n
      return CellType.Number;
    default:
      return CellType.Text;
  }
}
