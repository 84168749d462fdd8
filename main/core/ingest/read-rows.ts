import path from 'node:path';
import { cellText, type Row } from '../lfb/cells.js';
import {
  dateOrderNote,
  DateOrderLog,
  judgeDateOrder,
  type DateOrder,
  type DateOrderEvidence,
} from '../lfb/date-order.js';
import { detectHeader, type DetectedHeader } from '../lfb/detect.js';
import { incidentNormaliser } from '../lfb/incidents.js';
import { mobilisationNormaliser } from '../lfb/mobilisations.js';
import { Rejection, RejectionLog } from '../lfb/reasons.js';
import type { IncidentRow, MobilisationRow, StationRow } from '../lfb/rows.js';
import { stationNormaliser } from '../lfb/stations.js';
import { DateOrderRereadError, FileFormatError } from './errors.js';
import { MAX_HEADER_SCAN_ROWS } from './limits.js';
import type { FileFormat } from './sniff.js';
import type { TableSource } from './source.js';

/**
 * The reading half of an import: find the header, normalise every row, count rejections by reason.
 * The same code runs in the importing thread (small files) or in a reader thread that hands the
 * accepted rows over (large files; see read-worker.ts): one behaviour, two placements.
 */

export type NormalisedRow = IncidentRow | MobilisationRow | StationRow;

const EXPECTED_HEADERS =
  'expected the header of an LFB Incident file (IncidentNumber, DateOfCall…), Mobilisation file ' +
  '(IncidentNumber, DateAndTimeMobilised…) or stations list (name, callsign, coordinates)';

export interface RowSink {
  /** The header is recognised; rows of this kind follow. Nothing is stored before this. */
  begin(header: DetectedHeader): void | Promise<void>;
  /** The accepted rows of one batch, in file order, with the rows read so far (rejections included). */
  rows(rows: readonly NormalisedRow[], rowsRead: number): void | Promise<void>;
}

export interface ReadOutcome {
  readonly header: DetectedHeader;
  readonly sheetName: string;
  /** Data rows read: accepted + rejected (blank rows are not counted). */
  readonly rowsRead: number;
  readonly rejections: RejectionLog;
  /** The order the file's `NN/NN/YYYY` dates were read in, decided from all of them. */
  readonly dateOrder: DateOrder;
  readonly dates: DateOrderEvidence;
}

export interface ReadOptions {
  /** How to read `NN/NN/YYYY` dates; a file whose dates say otherwise raises DateOrderRereadError. */
  readonly dateOrder?: DateOrder;
}

function isBlankRow(row: Row): boolean {
  for (const cell of row) if (cellText(cell) !== null) return false;
  return true;
}

function normaliserFor(
  header: DetectedHeader,
  date1904: boolean,
  dateOrder: DateOrder,
  dateOrders: DateOrderLog,
): (row: Row) => NormalisedRow | Rejection {
  switch (header.kind) {
    case 'incidents':
      return incidentNormaliser(header.columns, { date1904, dateOrder, dateOrders });
    case 'mobilisations':
      return mobilisationNormaliser(header.columns, { date1904, dateOrder, dateOrders });
    case 'stations':
      return stationNormaliser(header.columns);
  }
}

function noHeaderError(source: TableSource, sheetsTried: readonly string[]): FileFormatError {
  if (source.format === 'csv') {
    return new FileFormatError(
      `no LFB header row in the first ${MAX_HEADER_SCAN_ROWS} rows: ${EXPECTED_HEADERS}`,
    );
  }
  return new FileFormatError(
    `no worksheet has an LFB header row in its first ${MAX_HEADER_SCAN_ROWS} rows ` +
      `(sheets: ${sheetsTried.join(', ')}): ${EXPECTED_HEADERS}`,
  );
}

/**
 * Reads the first sheet with an LFB header row (in its first rows) to the end, handing accepted rows
 * to the sink batch by batch. `checkCancelled` is called between batches and throws to stop.
 * Throws FileFormatError when no sheet has a header or a header lacks required columns.
 */
export async function readRows(
  source: TableSource,
  sink: RowSink,
  checkCancelled: () => void,
  options: ReadOptions = {},
): Promise<ReadOutcome> {
  const dateOrder = options.dateOrder ?? 'day-first';
  const sheetsTried: string[] = [];
  for await (const sheet of source.sheets()) {
    const rejections = new RejectionLog();
    const dateOrders = new DateOrderLog();
    let header: DetectedHeader | null = null;
    let normalise: ((row: Row) => NormalisedRow | Rejection) | null = null;
    let scanned = 0;
    let read = 0;
    let accepted: NormalisedRow[] = [];
    for await (const { rows, rowNumbers } of sheet.batches()) {
      checkCancelled();
      let i = 0;
      for (; normalise === null && i < rows.length; i++) {
        const row = rows[i]!;
        if (isBlankRow(row)) continue;
        const detection = detectHeader(row);
        if (detection.status === 'incomplete') {
          throw new FileFormatError(
            `looks like an LFB ${detection.label} file but lacks the required column(s): ${detection.missing.join(', ')}`,
          );
        }
        if (detection.status === 'match') {
          header = detection.header;
          await sink.begin(header);
          normalise = normaliserFor(header, source.date1904, dateOrder, dateOrders);
        } else if (++scanned >= MAX_HEADER_SCAN_ROWS) {
          break;
        }
      }
      if (normalise === null) {
        if (scanned >= MAX_HEADER_SCAN_ROWS) break;
        continue;
      }
      for (; i < rows.length; i++) {
        const row = rows[i]!;
        const result = normalise(row);
        if (result instanceof Rejection) {
          if (isBlankRow(row)) continue;
          read++;
          rejections.add(result, rowNumbers[i]!);
          continue;
        }
        read++;
        accepted.push(result);
      }
      await sink.rows(accepted, read);
      accepted = [];
    }
    if (header !== null) {
      const dates = dateOrders.evidence();
      const verdict = judgeDateOrder(dateOrder, dates);
      switch (verdict.status) {
        case 'ok':
          return { header, sheetName: sheet.name, rowsRead: read, rejections, dateOrder, dates };
        case 'reread':
          throw new DateOrderRereadError(verdict.order);
        case 'inconsistent':
          throw new FileFormatError(verdict.message);
      }
    }
    sheetsTried.push(sheet.name);
  }
  throw noHeaderError(source, sheetsTried);
}

/** What the report says about how the file was read. */
export function readingNotes(
  file: string,
  format: FileFormat,
  header: DetectedHeader,
  sheetName: string,
  dateOrder: DateOrder,
  dates: DateOrderEvidence,
): string[] {
  const notes: string[] = [];
  const ext = path.extname(file).toLowerCase();
  if (format === 'csv' && (ext === '.xlsx' || ext === '.xls'))
    notes.push(`Named ${ext} but holds CSV text: read as CSV.`);
  if (format === 'xlsx' && ext === '.csv')
    notes.push('Named .csv but is an .xlsx workbook: read as a workbook.');
  notes.push(...header.notes);
  notes.push(dateOrderNote(dateOrder, dates));
  if (format === 'xlsx') notes.push(`Read worksheet '${sheetName}'.`);
  return notes;
}
