import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import type { Db } from '../db/index.js';
import type { LfbKind } from '../lfb/columns.js';
import { orderUndecided, type DateOrder, type DateOrderEvidence } from '../lfb/date-order.js';
import { explainStorageError, StorageError } from '../util/storage-errors.js';
import { spawnWorker } from '../workers/spawn.js';
import { openCsv } from './csv-reader.js';
import {
  deserializeError,
  JobCancelledError,
  serializeError,
  type ControlMessage,
  type WorkerInit,
} from '../workers/protocol.js';
import {
  DateOrderRereadError,
  FileFormatError,
  IMPORT_CANCELLED,
  IMPORT_ERRORS,
  ImportFileError,
} from './errors.js';
import {
  historyNature,
  mixingProblem,
  PartialChecks,
  versionReport,
  waitingForIncidents,
  type HistoryNature,
} from './checks.js';
import type { ReaderReply, ReaderRequest, ReaderStart } from './read-protocol.js';
import { absentStoredColumns } from '../lfb/absent-columns.js';
import { missingModelColumns } from '../lfb/model-columns.js';
import { readingNotes, readRows } from './read-rows.js';
import { decodeRows } from './row-codec.js';
import { sniffFormat } from './sniff.js';
import { importBoundaries, isBoundariesFile } from './boundaries.js';
import { importWeather, isWeatherFile } from './weather/import.js';
import type { TableSource } from './source.js';
import type { FileProgress, FileReport } from './types.js';
import { completeImport, deferSecondaryIndexes, insertImport, writerFor, type RowWriter } from './writer.js';
import { openXlsx } from './xlsx-reader.js';

export interface ImportFileOptions {
  readonly onProgress?: (progress: FileProgress) => void;
  /** Polled between batches; true rolls the file back and raises JobCancelledError. */
  readonly isCancelled?: () => boolean;
  /**
   * Read and normalise the file in a second thread while this one writes (default: for files of
   * READER_THREAD_MIN_BYTES and more). Both placements run the same code and store the same rows.
   */
  readonly readerThread?: boolean;
  /**
   * Import a file even though it lacks columns the model learns from or has more than
   * MAX_REJECTED_SHARE of its rows rejected; the import's row records that it was accepted so.
   */
  readonly acceptPartial?: boolean;
}

/**
 * Below this a file reads in well under a second and a thread's start-up (~50 ms, more under tsx)
 * is not worth it; above it parsing and SQLite's inserts overlap on two cores: a million-row
 * Mobilisation CSV took 12.6 s in one thread and ~8 s in two here.
 */
export const READER_THREAD_MIN_BYTES = 8 * 1024 * 1024;
/**
 * The reader allocates a row's cells, strings and object and drops them at once; with V8's default
 * young generation it spent ~2.6 s of a million-row file in scavenges, ~0.8 s with this.
 */
const READER_YOUNG_GENERATION_MB = 64;
/** How often a threaded import waiting on its reader checks for a cancel. */
const CANCEL_POLL_MS = 100;

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
    if (await isBoundariesFile(file)) return await importBoundaries(db, file, size);
    if (await isWeatherFile(file)) {
      return await importWeather(db, file, size, { acceptPartial: options.acceptPartial ?? false });
    }
  } catch (error) {
    throw importError(db, file, error);
  }
  const threaded = options.readerThread ?? size >= READER_THREAD_MIN_BYTES;
  // Day first, as the LFB writes dates; a file whose dates prove otherwise is read again (once).
  let dateOrder: DateOrder = 'day-first';
  let storedSaidMonthFirst = 0;
  for (let attempt = 0; ; attempt++) {
    const run = new FileImport(db, file, size, options, dateOrder, storedSaidMonthFirst);
    try {
      return await (threaded ? run.readInThread() : run.readHere());
    } catch (error) {
      run.rollback();
      if (error instanceof DateOrderRereadError && attempt === 0) {
        dateOrder = error.order;
        storedSaidMonthFirst = error.storedSaidMonthFirst;
        continue;
      }
      throw importError(db, file, error);
    }
  }
}

/** Any failure of one file as the ImportFileError (or cancel) the caller reports. */
function importError(db: Db, file: string, error: unknown): Error {
  if (error instanceof ImportFileError || error instanceof JobCancelledError) return error;
  const storage = explainStorageError(error, {
    what: `the rows of ${path.basename(file)}`,
    file: db.name,
  });
  if (storage instanceof StorageError) return new ImportFileError(file, storage.message);
  const message = error instanceof Error ? error.message : String(error);
  const problem = error instanceof FileFormatError ? message : `could not be imported: ${message}`;
  return new ImportFileError(file, problem);
}

interface ReadSummary {
  readonly format: TableSource['format'];
  readonly sheetName: string;
  readonly notes: string[];
  readonly rowsRead: number;
  readonly rejected: FileReport['rejected'];
  readonly rejectedTotal: number;
  readonly examples: FileReport['examples'];
  readonly sha256: string;
  readonly dateOrder: DateOrder;
  readonly dates: DateOrderEvidence;
}

/**
 * One file's import: the transaction opens when a header is recognised (so refusing a file never
 * touches the database) and is committed or rolled back as a whole.
 */
class FileImport {
  private readonly startedAt = new Date().toISOString();
  private inTransaction = false;
  private importId = 0;
  private kind: LfbKind | null = null;
  private writer: RowWriter | null = null;
  private accepted = 0;
  private restoreIndexes = () => {};
  private rowsRead = 0;
  private bytesRead = 0;
  private history: HistoryNature = { synthetic: false, real: false };
  private readonly checks: PartialChecks;
  /** The largest mobilisation id before this import: rows above it are this import's new rows. */
  private lastIdBefore = 0;

  constructor(
    private readonly db: Db,
    private readonly file: string,
    private readonly size: number,
    private readonly options: ImportFileOptions,
    private readonly dateOrder: DateOrder,
    private readonly storedSaidMonthFirst: number,
  ) {
    this.checks = new PartialChecks(file, options.acceptPartial ?? false);
  }

  private progress(phase: FileProgress['phase']): void {
    // Once the rows are read the file is done, whatever parts of a workbook were skipped.
    const finished = phase === 'indexing' || phase === 'hashing' || phase === 'committing';
    this.options.onProgress?.({
      phase,
      rowsRead: this.rowsRead,
      bytesRead: finished ? this.size : this.bytesRead,
      bytesTotal: this.size,
    });
  }

  private checkCancelled(): void {
    if (this.options.isCancelled?.()) throw new JobCancelledError(IMPORT_CANCELLED);
  }

  /** Reading and writing in this thread. */
  async readHere(): Promise<FileReport> {
    this.progress('checking');
    const format = await sniffFormat(this.file);
    const source = format === 'csv' ? openCsv(this.file, this.size) : await openXlsx(this.file, this.size);
    const outcome = await readRows(
      source,
      {
        begin: (header) => this.begin(header.kind, missingModelColumns(header), absentStoredColumns(header)),
        rows: (rows, rowsRead) => {
          const writer = this.writer!;
          for (const row of rows) writer.add(row);
          this.checkMixing();
          this.accepted += rows.length;
          this.rowsRead = rowsRead;
          this.bytesRead = source.bytesRead();
          this.progress('reading');
        },
      },
      () => this.checkCancelled(),
      { dateOrder: this.dateOrder },
    );
    this.finishRows(outcome.rowsRead);
    this.progress('hashing');
    const sha256 = await source.sha256();
    return this.commit({
      format,
      sheetName: outcome.sheetName,
      notes: readingNotes(
        this.file,
        format,
        outcome.header,
        outcome.sheetName,
        outcome.dateOrder,
        outcome.dates,
      ),
      rowsRead: outcome.rowsRead,
      rejected: outcome.rejections.counts,
      rejectedTotal: outcome.rejections.total,
      examples: outcome.rejections.examples,
      sha256,
      dateOrder: outcome.dateOrder,
      dates: outcome.dates,
    });
  }

  /** Reading in a reader thread (read-worker.ts), writing here as its batches arrive. */
  async readInThread(): Promise<FileReport> {
    this.progress('checking');
    const jobId = randomUUID();
    const { port1: control, port2 } = new MessageChannel();
    const start: ReaderStart = { file: this.file, size: this.size, dateOrder: this.dateOrder };
    const reader = spawnWorker(new URL('./read-worker.js', import.meta.url), {
      workerData: { jobId, request: start, control: port2 } satisfies WorkerInit<ReaderStart>,
      transferList: [port2],
      resourceLimits: { maxYoungGenerationSizeMb: READER_YOUNG_GENERATION_MB },
    });
    const exited = new Promise<void>((resolve) => reader.once('exit', () => resolve()));
    const inbox = new Inbox(reader);
    try {
      for (;;) {
        const message = await inbox.next(CANCEL_POLL_MS);
        this.checkCancelled();
        if (message === null) continue;
        switch (message.type) {
          case 'header':
            this.begin(message.kind, message.missingModelColumns, message.absentColumns);
            break;
          case 'rows': {
            const writer = this.writer!;
            decodeRows(message.batch, (values) => writer.addValues(values));
            this.checkMixing();
            this.accepted += message.batch.count;
            this.rowsRead = message.rowsRead;
            this.bytesRead = message.bytesRead;
            reader.postMessage({ type: 'ack' } satisfies ReaderRequest);
            this.progress('reading');
            break;
          }
          case 'progress':
            this.rowsRead = message.rowsRead;
            this.bytesRead = message.bytesRead;
            this.progress('reading');
            break;
          case 'done':
            if (this.kind === null) throw new Error('the reader finished without a header');
            this.finishRows(message.rowsRead);
            // The reader hashed the file as it read it.
            this.progress('hashing');
            return this.commit(message);
          case 'error':
            throw deserializeError(message.error, IMPORT_ERRORS);
        }
      }
    } catch (error) {
      // Release the write lock first; stopping the reader can wait.
      this.rollback();
      throw error;
    } finally {
      await stopReader(control, jobId, exited);
      inbox.close();
    }
  }

  private begin(kind: LfbKind, missingModel: readonly string[], absent: readonly string[]): void {
    const { db } = this;
    this.checks.modelColumns(missingModel);
    db.exec('BEGIN IMMEDIATE');
    this.inTransaction = true;
    this.kind = kind;
    this.history = historyNature(db);
    if (kind === 'mobilisations') {
      this.lastIdBefore =
        (db.prepare('SELECT max(id) AS n FROM mobilisations').get() as { n: number | null }).n ?? 0;
    }
    this.importId = insertImport(db, {
      fileName: path.basename(this.file),
      kind,
      sizeBytes: this.size,
      startedAt: this.startedAt,
    });
    this.restoreIndexes = deferSecondaryIndexes(db, kind, this.size);
    this.writer = writerFor(db, kind, this.importId, absent);
  }

  /** Synthetic and real records never share a history: the first batch that would mix them stops it. */
  private checkMixing(): void {
    const w = this.writer!;
    const problem = mixingProblem(w.syntheticRows > 0, w.realRows > 0, this.history);
    if (problem !== null) throw new ImportFileError(this.file, problem);
  }

  /** The rows are all read: the last inserts, then the deferred indexes. */
  private finishRows(rowsRead: number): void {
    this.checkCancelled();
    this.writer!.flush();
    this.rowsRead = rowsRead;
    this.progress('indexing');
    this.restoreIndexes();
  }

  private commit(read: ReadSummary): FileReport {
    const { db } = this;
    const writer = this.writer!;
    this.checkCancelled();
    this.checks.rejectedShare(read.rowsRead, read.rejectedTotal, read.examples);
    this.progress('committing');
    const kind = this.kind!;
    if (kind === 'stations') this.checks.stationMoves(db, this.importId);
    if (this.dateOrder === 'day-first' && orderUndecided(read.dates)) {
      const said = storedDatesSayMonthFirst(db, kind, this.importId);
      if (said > 0) throw new DateOrderRereadError('month-first', said);
    }
    const versions = versionReport(db, kind, this.importId);
    const report: FileReport = {
      file: this.file,
      kind,
      importId: this.importId,
      rowsRead: read.rowsRead,
      rowsImported: writer.written - versions.changed,
      rowsChanged: versions.changed,
      rowsDuplicate: this.accepted - writer.written,
      rowsRejected: read.rejectedTotal,
      rejected: read.rejected,
      examples: read.examples,
      changedFields: versions.fields,
      ...(kind === 'mobilisations'
        ? {
            waitingForIncidents: waitingForIncidents(
              db,
              writer.written - versions.changed,
              this.lastIdBefore,
            ),
          }
        : {}),
      acceptedPartial: this.checks.overridden,
      dateOrder: read.dateOrder,
      notes:
        this.storedSaidMonthFirst > 0
          ? [
              ...read.notes,
              `${this.storedSaidMonthFirst} re-imported record(s) are stored with the month-first reading ` +
                'of their dates, and no day above 12 shows the order: read day first, they would have ' +
                'moved to other days, so the file was read month first.',
            ]
          : read.notes,
    };
    completeImport(db, this.importId, {
      sha256: read.sha256,
      finishedAt: new Date().toISOString(),
      rowsRead: report.rowsRead,
      rowsImported: report.rowsImported,
      rowsChanged: report.rowsChanged,
      rowsDuplicate: report.rowsDuplicate,
      rowsRejected: report.rowsRejected,
      acceptPartial: report.acceptedPartial.length > 0,
      report: { ...report, format: read.format, sheet: read.sheetName },
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

/**
 * Ends a reader that may still be reading (the import failed or was cancelled): a cancel it sees at
 * its next batch, after which it ends by itself. A reader that finished has already ended.
 */
async function stopReader(control: MessagePort, jobId: string, exited: Promise<void>): Promise<void> {
  control.postMessage({ type: 'cancel', jobId } satisfies ControlMessage);
  await exited;
  control.close();
}

/** The reader's messages in order; a crash or an early exit arrives as an error message. */
class Inbox {
  private readonly queue: ReaderReply[] = [];
  private wake: (() => void) | null = null;
  private readonly onMessage = (m: ReaderReply) => this.push(m);
  private readonly onError = (e: unknown) => this.push({ type: 'error', error: serializeError(e) });
  private readonly onExit = (code: number) =>
    this.push({
      type: 'error',
      error: serializeError(new Error(`the reader thread stopped (exit code ${code})`)),
    });

  constructor(private readonly worker: Worker) {
    worker.on('message', this.onMessage).on('error', this.onError).on('exit', this.onExit);
  }

  private push(message: ReaderReply): void {
    this.queue.push(message);
    this.wake?.();
    this.wake = null;
  }

  /** The next message, or null after waitMs without one (so the caller can check for a cancel). */
  async next(waitMs: number): Promise<ReaderReply | null> {
    if (this.queue.length === 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        timer = setTimeout(resolve, waitMs);
      });
      clearTimeout(timer);
      this.wake = null;
    }
    return this.queue.shift() ?? null;
  }

  close(): void {
    this.worker.off('message', this.onMessage).off('error', this.onError).off('exit', this.onExit);
  }
}

/** Each kind's stored local date and natural key, for comparing a re-read with the stored rows. */
const DATED: Readonly<Record<LfbKind, { date: string; key: readonly string[] } | null>> = {
  incidents: { date: 'call_date_local', key: ['incident_number'] },
  mobilisations: { date: 'mobilised_date_local', key: ['incident_number', 'dedupe_key'] },
  stations: null,
};

/**
 * For a file whose dates could be read either way, read day first: how many of the records it
 * replaced were stored with exactly the month-first reading of their date (day and month swapped),
 * when those outnumber the records it moved to any other date. A positive count means the file is
 * evidently month first (it was saved in US order). Only this import's replaced rows are scanned.
 */
function storedDatesSayMonthFirst(db: Db, kind: LfbKind, importId: number): number {
  const dated = DATED[kind];
  if (dated === null) return 0;
  const { date } = dated;
  const join = dated.key.map((k) => `p.${k} = t.${k}`).join(' AND ');
  const swapped = `substr(t.${date}, 1, 5) || substr(t.${date}, 9, 2) || '-' || substr(t.${date}, 6, 2)`;
  const row = db
    .prepare(
      `SELECT coalesce(sum(p.${date} = ${swapped}), 0) AS swapped,
              coalesce(sum(p.${date} <> t.${date} AND p.${date} <> ${swapped}), 0) AS other
       FROM ${kind}_prior p JOIN ${kind} t ON ${join}
       WHERE p.replaced_by = ? AND t.import_id = ? AND p.${date} <> t.${date}`,
    )
    .get(importId, importId) as { swapped: number; other: number };
  return row.swapped > row.other ? row.swapped : 0;
}
