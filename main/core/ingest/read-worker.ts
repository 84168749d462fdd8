import { parentPort, workerData } from 'node:worker_threads';
import type { DetectedHeader } from '../lfb/detect.js';
import { absentStoredColumns } from '../lfb/absent-columns.js';
import { missingModelColumns } from '../lfb/model-columns.js';
import { IMPORT_CANCELLED } from './errors.js';
import { columnsOf } from '../lfb/rows.js';
import { openCsv } from './csv-reader.js';
import { BATCH_ROWS } from './limits.js';
import { readingNotes, readRows, type NormalisedRow } from './read-rows.js';
import { RowEncoder, transferList } from './row-codec.js';
import { sniffFormat } from './sniff.js';
import type { ReaderReply, ReaderRequest, ReaderStart } from './read-protocol.js';
import { openXlsx } from './xlsx-reader.js';
import { runInBackground } from '../workers/priority.js';
import { cancelPoller, JobCancelledError, serializeError, type WorkerInit } from '../workers/protocol.js';

// Background work: answers to dispatchers come first (see priority.ts).
runInBackground();

/**
 * The reader thread of a large import: reads and normalises the file and posts the accepted rows,
 * packed, to the thread that writes them, so parsing and SQLite's inserts run on two cores at once.
 * It never touches the database. At most MAX_IN_FLIGHT batches wait unacknowledged, which bounds
 * memory whatever the speed of either side.
 */

const MAX_IN_FLIGHT = 4;
/** How often a reader waiting for an ack checks for a cancel (the writer may have stopped reading). */
const CANCEL_POLL_MS = 100;

const port = parentPort;
if (!port) throw new Error('read-worker must run in a worker thread');
const { jobId, request: start, control } = workerData as WorkerInit<ReaderStart>;
const isCancelled = cancelPoller(control, jobId);
const throwIfCancelled = () => {
  if (isCancelled()) throw new JobCancelledError(IMPORT_CANCELLED);
};

let inFlight = 0;
let resume: (() => void) | null = null;

const onAck = (message: ReaderRequest) => {
  if (message.type === 'ack') {
    inFlight--;
    resume?.();
    resume = null;
  }
};
port.on('message', onAck);

/** Waits for an ack, or CANCEL_POLL_MS, whichever comes first. */
async function ackOrTimeout(): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await new Promise<void>((r) => {
    resume = r;
    timer = setTimeout(r, CANCEL_POLL_MS);
  });
  clearTimeout(timer);
  resume = null;
}

function post(reply: ReaderReply, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(reply, transfer);
}

async function run(): Promise<void> {
  const { file, size } = start;
  const format = await sniffFormat(file);
  const source = format === 'csv' ? openCsv(file, size) : await openXlsx(file, size);
  let encoder: RowEncoder | null = null;

  const send = async (rowsRead: number) => {
    if (encoder === null || encoder.size === 0) return;
    while (inFlight >= MAX_IN_FLIGHT) {
      throwIfCancelled();
      await ackOrTimeout();
    }
    const batch = encoder.take();
    inFlight++;
    post({ type: 'rows', batch, rowsRead, bytesRead: source.bytesRead() }, transferList(batch));
  };

  const outcome = await readRows(
    source,
    {
      begin: (header: DetectedHeader) => {
        encoder = new RowEncoder(columnsOf(header.kind), BATCH_ROWS);
        post({
          type: 'header',
          kind: header.kind,
          missingModelColumns: missingModelColumns(header),
          absentColumns: absentStoredColumns(header),
        });
      },
      rows: async (rows: readonly NormalisedRow[], rowsRead: number) => {
        for (const row of rows) {
          encoder!.add(row as unknown as Record<string, unknown>);
          if (encoder!.full) await send(rowsRead);
        }
        if (rows.length > 0) await send(rowsRead);
        else post({ type: 'progress', rowsRead, bytesRead: source.bytesRead() });
      },
    },
    throwIfCancelled,
    { dateOrder: start.dateOrder },
  );
  const sha256 = await source.sha256();
  post({
    type: 'done',
    format,
    sheetName: outcome.sheetName,
    notes: readingNotes(file, format, outcome.header, outcome.sheetName, outcome.dateOrder, outcome.dates),
    rowsRead: outcome.rowsRead,
    rejected: outcome.rejections.counts,
    rejectedTotal: outcome.rejections.total,
    examples: outcome.rejections.examples,
    sha256,
    dateOrder: outcome.dateOrder,
    dates: outcome.dates,
  });
}

run()
  .catch((error: unknown) => post({ type: 'error', error: serializeError(error) }))
  // Nothing left to wait for: the thread ends by itself, never terminated mid-read.
  .finally(() => {
    port.off('message', onAck);
    control.close();
  });
