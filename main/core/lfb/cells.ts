/**
 * A cell as a reader hands it over. CSV gives strings; the XLSX reader gives strings, numbers (Excel
 * date cells arrive as serial numbers, since styles are not read) and booleans. Dates are accepted
 * too, as exceljs and tests produce them.
 */
export type Cell = string | number | boolean | Date | null | undefined;
export type Row = readonly Cell[];

/** Trimmed text, or null for a blank cell. */
export function cellText(v: Cell): string | null {
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return Number.isNaN(v.getTime()) ? null : v.toISOString();
}

/** A number, null for a blank cell, NaN for text that is not a number. */
export function cellNumber(v: Cell): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (typeof v === 'string') {
    if (v === '') return null;
    const n = Number(v);
    // Number('  ') is 0: a cell of spaces is blank, not zero.
    if (n === 0 && v.trim() === '') return null;
    return n;
  }
  if (v === null || v === undefined) return null;
  return NaN;
}

const FLOAT_INTEGER = /^(\d+)\.0+$/;

/**
 * An identifier (IncidentNumber, ResourceMobilisationId, codes). Spreadsheets and pandas turn
 * numeric ids into numbers or `235138081.0`; both must key the same row as the text `235138081`.
 */
export function cellKey(v: Cell): string | null {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    return Number.isInteger(v) ? v.toFixed(0) : String(v);
  }
  const t = cellText(v);
  if (t === null) return null;
  const m = t.includes('.') ? FLOAT_INTEGER.exec(t) : null;
  return m ? m[1]! : t;
}

/** Shortened raw value for reports: enough to find the cell, never a megabyte. */
export function describeCell(v: Cell, maxChars = 60): string {
  const t = typeof v === 'string' ? v : cellText(v);
  if (t === null || t === '') return '(blank)';
  return t.length > maxChars ? `${t.slice(0, maxChars)}…` : t;
}
