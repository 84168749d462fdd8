import type { Row } from '../lfb/cells.js';
import type { FileFormat } from './sniff.js';

/** Rows in reading order with their spreadsheet row numbers (the CSV header is row 1). */
export interface RowBatch {
  readonly rows: Row[];
  readonly rowNumbers: number[];
}

export interface SheetSource {
  readonly name: string;
  /** Streams the sheet; stopping early (break) releases its file handles. */
  batches(): AsyncGenerator<RowBatch, void, undefined>;
}

/** A readable table file: one sheet for CSV, the worksheets in workbook order for XLSX. */
export interface TableSource {
  readonly format: FileFormat;
  /** Excel's 1904 date system (old Mac workbooks). */
  readonly date1904: boolean;
  readonly bytesTotal: number;
  sheets(): AsyncGenerator<SheetSource, void, undefined>;
  bytesRead(): number;
  /** SHA-256 of the whole file, hex. */
  sha256(): Promise<string>;
}
