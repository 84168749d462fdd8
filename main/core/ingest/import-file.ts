import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/index.js';
import { cellText, type Row } from '../lfb/cells.js';
import { detectHeader, type DetectedHeader } from '../lfb/detect.js';
import { incidentNormaliser } from '../lfb/incidents.js';
import { mobilisationNormaliser } from '../lfb/mobilisations.js';
import { Rejection, RejectionLog } from '../lfb/reasons.js';
import { stationNormaliser } from '../lfb/stations.js';
import { explainStorageError, StorageError } from '../util/storage-errors.js';
import { openCsv } from './csv-reader.js';
import { FileFormatError, ImportCancelledError, ImportFileError } from './errors.js';
import { MAX_HEADER_SCAN_ROWS } from './limits.js';
import { sniffFormat, type FileFormat } from './sniff.js';
import type { SheetSource, TableSource } from './source.js';
import type { FileProgress, FileReport } from './types.js';
import {
  completeImport,
  deferSecondaryIndexes,
  incidentWriter,
  insertImport,
  mobilisationWriter,
  stationWriter,
  type RowWriter,
} from './writer.js';
import { openXlsx } from './xlsx-reader.js';

export interface ImportFileOptions {
  readonly onProgress?: (progress: FileProgress) => void;
  /** Polled between batches; true rolls the file back and raises ImportCancelledError. */
  readonly isCancelled?: () => boolean;
}

const EXPECTED_HEADERS =
  'expected the header of an LFB Incident file (IncidentNumber, DateOfCall…), Mobilisation file ' +
  '(IncidentNumber, DateAndTimeMobilised…) or stations list (name, callsign, coordinates)';

interface Tally {
  read: number;
  imported: number;
  duplicate: number;
  readonly rejections: RejectionLog;
}

function isBlankRow(row: Row): boolean {
  for (const cell of row) if (cellText(cell) !== null) return false;
  return true;
}

function rowHandler<T>(
  normalise: (row: Row) => T | Rejection,
  write: RowWriter<T>,
  tally: Tally,
): (row: Row, rowNumber: number) => void {
  return (row, rowNumber) => {
    const result = normalise(row);
    if (result instanceof Rejection) {
      if (isBlankRow(row)) return;
      tally.read++;
      tally.rejections.add(result, rowNumber);
      return;
    }
    tally.read++;
    if (write(result)) tally.imported++;
    else tally.duplicate++;
  };
}

function handlerFor(header: DetectedHeader, db: Db, importId: number, date1904: boolean, tally: Tally) {
  switch (header.kind) {
    case 'incidents':
      return rowHandler(
        incidentNormaliser(header.columns, { date1904 }),
        incidentWriter(db, importId),
        tally,
      );
    case 'mobilisations':
      return rowHandler(
        mobilisationNormaliser(header.columns, { date1904 }),
        mobilisationWriter(db, importId),
        tally,
      );
    case 'stations':
      return rowHandler(stationNormaliser(header.columns), stationWriter(db, importId), tally);
  }
}

function extensionNote(file: string, format: FileFormat): string[] {
  const ext = path.extname(file).toLowerCase();
  if (format === 'csv' && (ext === '.xlsx' || ext === '.xls'))
    return [`Named ${ext} but holds CSV text: read as CSV.`];
  if (format === 'xlsx' && ext === '.csv')
    return ['Named .csv but is an .xlsx workbook: read as a workbook.'];
  return [];
}

async function statFile(file: string): Promise<number> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new ImportFileError(file, 'not a file');
    return stat.size;
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImportFileError(file, code === 'ENOENT' ? 'no such file' : (error as Error).message);
  }
}

/**
 * Imports one LFB file into the history database, in one transaction: on any error or cancellation
 * the database is left exactly as it was.
 */
export async function importFile(db: Db, file: string, options: ImportFileOptions = {}): Promise<FileReport> {
  const size = await statFile(file);
  try {
    const format = await sniffFormat(file);
    const source = format === 'csv' ? openCsv(file, size) : await openXlsx(file, size);
    return await importSource(db, file, source, extensionNote(file, format), options);
  } catch (error) {
    if (error instanceof ImportFileError || error instanceof ImportCancelledError) throw error;
    const storage = explainStorageError(error, {
      what: `the rows of ${path.basename(file)}`,
      file: db.name,
    });
    if (storage instanceof StorageError) throw new ImportFileError(file, storage.message);
    const message = error instanceof Error ? error.message : String(error);
    const problem = error instanceof FileFormatError ? message : `could not be imported: ${message}`;
    throw new ImportFileError(file, problem);
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

async function importSource(
  db: Db,
  file: string,
  source: TableSource,
  notes: string[],
  options: ImportFileOptions,
): Promise<FileReport> {
  const run = new FileImport(db, file, source, options);
  const sheetsTried: string[] = [];
  try {
    run.progress('checking');
    for await (const sheet of source.sheets()) {
      const header = await run.readSheet(sheet);
      if (header) return await run.commit(header, [...notes, ...header.notes], sheet.name);
      sheetsTried.push(sheet.name);
    }
  } catch (error) {
    run.rollback();
    throw error;
  }
  throw noHeaderError(source, sheetsTried);
}

/**
 * One file's import: the transaction opens when a header is recognised (so refusing a file never
 * touches the database) and is committed or rolled back as a whole.
 */
class FileImport {
  private readonly startedAt = new Date().toISOString();
  private readonly tally: Tally = { read: 0, imported: 0, duplicate: 0, rejections: new RejectionLog() };
  private inTransaction = false;
  private importId = 0;
  private restoreIndexes = () => {};

  constructor(
    private readonly db: Db,
    private readonly file: string,
    private readonly source: TableSource,
    private readonly options: ImportFileOptions,
  ) {}

  progress(phase: FileProgress['phase']): void {
    const { bytesTotal } = this.source;
    // Once the rows are read the file is done, whatever parts of a workbook were skipped.
    const finished = phase === 'indexing' || phase === 'hashing' || phase === 'committing';
    this.options.onProgress?.({
      phase,
      rowsRead: this.tally.read,
      bytesRead: finished ? bytesTotal : this.source.bytesRead(),
      bytesTotal,
    });
  }

  private checkCancelled(): void {
    if (this.options.isCancelled?.()) throw new ImportCancelledError();
  }

  /** Finds the header in the sheet's first rows and imports the rows after it; null if it has none. */
  async readSheet(sheet: SheetSource): Promise<DetectedHeader | null> {
    let header: DetectedHeader | null = null;
    let handle: ((row: Row, rowNumber: number) => void) | null = null;
    let scanned = 0;
    for await (const { rows, rowNumbers } of sheet.batches()) {
      this.checkCancelled();
      let i = 0;
      for (; handle === null && i < rows.length; i++) {
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
          handle = this.begin(header);
        } else if (++scanned >= MAX_HEADER_SCAN_ROWS) {
          return null;
        }
      }
      if (handle === null) continue;
      for (; i < rows.length; i++) handle(rows[i]!, rowNumbers[i]!);
      this.progress('reading');
    }
    return header;
  }

  private begin(header: DetectedHeader): (row: Row, rowNumber: number) => void {
    const { db, source } = this;
    db.exec('BEGIN IMMEDIATE');
    this.inTransaction = true;
    this.importId = insertImport(db, {
      fileName: path.basename(this.file),
      kind: header.kind,
      sizeBytes: source.bytesTotal,
      startedAt: this.startedAt,
    });
    this.restoreIndexes = deferSecondaryIndexes(db, header.kind, source.bytesTotal);
    return handlerFor(header, db, this.importId, source.date1904, this.tally);
  }

  async commit(header: DetectedHeader, notes: string[], sheetName: string): Promise<FileReport> {
    const { db, source, tally } = this;
    this.checkCancelled();
    this.progress('indexing');
    this.restoreIndexes();
    this.progress('hashing');
    const sha256 = await source.sha256();
    this.checkCancelled();
    this.progress('committing');
    const report: FileReport = {
      file: this.file,
      kind: header.kind,
      rowsRead: tally.read,
      rowsImported: tally.imported,
      rowsDuplicate: tally.duplicate,
      rowsRejected: tally.rejections.total,
      rejected: tally.rejections.counts,
      examples: tally.rejections.examples,
      notes: source.format === 'xlsx' ? [...notes, `Read worksheet '${sheetName}'.`] : notes,
    };
    completeImport(db, this.importId, {
      sha256,
      finishedAt: new Date().toISOString(),
      rowsRead: report.rowsRead,
      rowsImported: report.rowsImported,
      rowsDuplicate: report.rowsDuplicate,
      rowsRejected: report.rowsRejected,
      report: { ...report, format: source.format, sheet: sheetName },
    });
    db.exec('COMMIT');
    this.inTransaction = false;
    return report;
  }

  rollback(): void {
    // On some errors SQLite rolls the whole transaction back by itself (SQLITE_FULL mid-file, for one):
    // a second ROLLBACK would throw "no transaction is active" and hide the error that says why.
    if (this.inTransaction && this.db.inTransaction) this.db.exec('ROLLBACK');
    this.inTransaction = false;
  }
}
