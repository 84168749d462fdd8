import { isoDate } from './calendar.js';
import { INCIDENT_COLUMNS, MOBILISATION_COLUMNS, type ColumnSpec } from './columns.js';
import { Simulation, type SyntheticShift } from './simulate.js';
import { CsvRowWriter, XlsxRowWriter, type RowWriter } from './writers.js';
import { spawnWorker } from '../../main/core/workers/spawn.js';

/** Everything needed to replay the simulation and write some of its files (plain data: crosses threads). */
export interface PartPlan {
  readonly seed: string | number;
  readonly mobilisations: number;
  readonly startDay: number;
  readonly days: number;
  readonly format: 'csv' | 'xlsx';
  readonly incidentsFile: string;
  readonly mobilisationsFile: string;
  readonly shift?: SyntheticShift;
  readonly weather?: boolean;
}

export type Part = 'incidents' | 'mobilisations';

export interface PartResult {
  readonly incidents: number;
  readonly mobilisations: number;
  readonly firstDate: string;
  readonly lastDate: string;
}

const PROGRESS_EVERY = 50_000;
const MS_PER_DAY = 86_400_000;

function openWriter(plan: PartPlan, file: string, columns: readonly ColumnSpec[], sheet: string): RowWriter {
  return plan.format === 'csv' ? CsvRowWriter.open(file, columns) : new XlsxRowWriter(file, columns, sheet);
}

/** Runs the whole simulation, writing only the requested files. */
export async function writeParts(
  plan: PartPlan,
  parts: readonly Part[],
  onProgress?: (mobilisationsWritten: number) => void,
): Promise<PartResult> {
  const simulation = new Simulation(plan);
  let incidentsOut: RowWriter | null = null;
  let mobilisationsOut: RowWriter | null = null;
  let firstDate = '';
  let lastDate = '';
  try {
    if (parts.includes('incidents'))
      incidentsOut = openWriter(plan, plan.incidentsFile, INCIDENT_COLUMNS, 'Incidents');
    if (parts.includes('mobilisations')) {
      mobilisationsOut = openWriter(plan, plan.mobilisationsFile, MOBILISATION_COLUMNS, 'Mobilisations');
    }
    let nextProgress = PROGRESS_EVERY;
    for (let item = simulation.next(); item; item = simulation.next()) {
      if (incidentsOut) {
        const wait = incidentsOut.write(item.incident);
        if (wait) await wait;
      }
      if (mobilisationsOut) {
        for (const row of item.mobilisations) {
          const wait = mobilisationsOut.write(row);
          if (wait) await wait;
        }
      }
      const day = isoDate(Math.floor((item.incident[1] as number) / MS_PER_DAY));
      if (!firstDate) firstDate = day;
      lastDate = day;
      if (onProgress && simulation.mobilisationsProduced >= nextProgress) {
        onProgress(simulation.mobilisationsProduced);
        nextProgress += PROGRESS_EVERY;
      }
    }
  } finally {
    await incidentsOut?.close();
    await mobilisationsOut?.close();
  }
  onProgress?.(simulation.mobilisationsProduced);
  return {
    incidents: simulation.incidentsProduced,
    mobilisations: simulation.mobilisationsProduced,
    firstDate,
    lastDate,
  };
}

export type PartWorkerMessage = { type: 'result'; result: PartResult } | { type: 'error'; message: string };

export interface WorkerPart {
  readonly result: Promise<PartResult>;
  /** Stops the worker (it only writes files: nothing native is interrupted). */
  stop(): Promise<void>;
}

export function writePartsInWorker(plan: PartPlan, parts: readonly Part[]): WorkerPart {
  const worker = spawnWorker(new URL('./part-worker.js', import.meta.url), { workerData: { plan, parts } });
  const result = new Promise<PartResult>((resolve, reject) => {
    let settled = false;
    worker.on('message', (message: PartWorkerMessage) => {
      settled = true;
      if (message.type === 'result') resolve(message.result);
      else reject(new Error(message.message));
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`synthetic data worker exited with code ${code} before finishing`));
    });
  });
  // The caller awaits the result only after its own half: mark it handled now so an early worker failure
  // is not an unhandled rejection (which would end the process) in the meantime.
  result.catch(() => undefined);
  return {
    result,
    async stop() {
      await worker.terminate();
    },
  };
}
