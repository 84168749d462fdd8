import { parentPort, workerData } from 'node:worker_threads';
import type { DetectedHeader } from '../lfb/detect.js';
import { absentStoredColumns } from '../lfb/absent-columns.js';
import { missingModelColumns } from '../lfb/model-columns.js';
import { DateOrderRereadError } from './errors.js';
import { columnsOf } from '../lfb/rows.js';
import { openCsv } from './csv-reader.js';
import { BATCH_ROWS } from './limits.js';
import { readingNotes, readRows, type NormalisedRow } from './read-rows.js';
import { RowEncoder, transferList } from './row-codec.js';
import { sniffFormat } from './sniff.js';
import type { ReaderReply, ReaderRequest, ReaderStart } from './read-protocol.js';
import { openXlsx } from './xlsx-reader.js';
import { runInBackground } from '../workers/priority.js';

// Background work: answers to dispatchers come first (see priority.ts).
runInBackground();

/**
 * The reader thread of a large import: reads and normalises the file and posts the accepted rows,
 * packed, to the thread that writes them, so parsing and SQLite's inserts run on two cores at once.
 * It never touches the database. At most MAX_IN_FLIGHT batches wait unacknowledged, which bounds
 * memory whatever the speed of either side.
 */

const MAX_IN_FLIGHT = 4;

const port = parentPort;
if (!port) throw new Error('read-worker must run in a worker thread');
const start = workerData as ReaderStart;

let inFlight = 0;
let resume: (() => void) | null = null;

port.on('message', (message: ReaderRequest) => {
  if (message.type === 'ack') {
    inFlight--;
    resume?.();
    resume = null;
  }
});

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
    while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((r) => (resume = r));
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
    () => {},
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

run().catch((error: unknown) => {
  const e = error instanceof Error ? error : new Error(String(error));
  post({
    type: 'error',
    name: e.name,
    message: e.message,
    code: (e as NodeJS.ErrnoException).code,
    ...(e instanceof DateOrderRereadError ? { order: e.order } : {}),
  });
});
