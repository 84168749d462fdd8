import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { PredictRequestSchema } from '../../../contract/index.js';
import { openDatabase } from '../../../main/core/db/index.js';
import { importFiles } from '../../../main/core/ingest/index.js';
import { servableStations } from '../../../main/core/places/stations.js';
import { ModelManager } from '../../../main/core/registry/manager.js';
import { PredictionLogThread } from '../../../main/core/serving/log-thread.js';
import { startTrainingJob, type TrainingJobResult } from '../../../main/core/training/job.js';
import type { JobHandle } from '../../../main/core/workers/job.js';
import { spawnWorker } from '../../../main/core/workers/spawn.js';
import type { PacerRequest, PacerStart } from './pacer.js';
import { publishNext, startFollower, type SwapPlan } from './fleet-swaps.js';

/** The pacer thread starts (tsx compiles it) before request 0 is due. */
const PACER_LEAD_MS = 1_000;

/**
 * The dispatcher's path under load, as the app runs it: one connection on the main side holds the
 * model manager and the prediction log, an import worker writes the same database, a training worker
 * reads it. Requests arrive open-loop at a fixed rate from a pacer thread (a slow answer does not slow
 * the arrivals), so the response time counts from a request's arrival, stalls of the event loop
 * included.
 */
export interface LoadOptions {
  /** A history database (it is changed: the imports go into it). */
  readonly dbPath: string;
  readonly resourcesDir: string;
  /** Imported one after another for the whole window (again and again: later rounds are duplicates). */
  readonly importFiles: readonly string[];
  readonly durationMs: number;
  readonly ratePerSecond: number;
  readonly trainTrees?: number;
  /** false: serving alone, the control that tells what the jobs cost (default true). */
  readonly jobs?: boolean;
  readonly log?: (message: string) => void;
  /** A follower swaps models while it answers: one publication every `everyMs` (see fleet-swaps.ts). */
  readonly swaps?: { readonly plan: SwapPlan; readonly everyMs: number; readonly dataDir: string };
}

export interface JobStats {
  readonly started: number;
  readonly completed: number;
  /** Share of the measured window during which one of these jobs was running. */
  readonly activeShare: number;
}

export interface LoadResult {
  readonly sent: number;
  readonly answered: number;
  readonly failures: number;
  readonly failureExamples: string[];
  /** Sorted: from the request's arrival (sent by the pacer thread) to its answer. */
  readonly responseMs: Float64Array;
  /** Sorted: from the call to its answer (the service's own time). */
  readonly serviceMs: Float64Array;
  readonly achievedRate: number;
  readonly eventLoopDelayP99Ms: number;
  readonly eventLoopDelayMaxMs: number;
  /** Prediction rows in the database after the final flush, and log writes that failed on the way. */
  readonly logged: number;
  readonly logWriteFailures: number;
  readonly training: JobStats;
  readonly import: JobStats & { readonly rowsImported: number };
  /** Publications put in the folder during the window, models swapped in, and refusals (none expected). */
  readonly fleet: {
    readonly published: number;
    readonly swapped: number;
    readonly refusals: string[];
  } | null;
}

export function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Repeats a job until stopped, recording when each run was active. */
class JobLoop {
  started = 0;
  completed = 0;
  private readonly spans: Array<readonly [number, number]> = [];
  /** When the run in progress started. */
  private current: number | null = null;
  private stopping = false;
  private readonly done: Promise<void>;
  private readonly firstProgress: Promise<void>;

  constructor(
    private readonly name: string,
    run: (onProgress: () => void, index: number) => { done: Promise<unknown>; stop: () => void },
  ) {
    let markProgress = () => {};
    this.firstProgress = new Promise<void>((resolve) => (markProgress = resolve));
    this.done = (async () => {
      while (!this.stopping) {
        const t0 = performance.now();
        this.current = t0;
        this.started++;
        const handle = run(markProgress, this.started);
        this.stopCurrent = handle.stop;
        try {
          await handle.done;
          this.completed++;
        } catch (error) {
          if (!this.stopping) throw new Error(`${this.name} failed: ${(error as Error).message}`);
        } finally {
          this.spans.push([t0, performance.now()]);
          this.current = null;
        }
      }
    })();
    // Surfaces a failure at stop(), not as an unhandled rejection in between.
    this.done.catch(() => {});
  }

  private stopCurrent = () => {};

  /** Resolves once the first run reports progress (the worker is up and working). */
  running(): Promise<void> {
    return Promise.race([this.firstProgress, this.done]);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.stopCurrent();
    await this.done;
  }

  /** Call before stop(): the run in progress counts as active until now. */
  activeShare(from: number, to: number): number {
    let active = 0;
    const spans = this.current === null ? this.spans : [...this.spans, [this.current, to] as const];
    for (const [a, b] of spans) active += Math.max(0, Math.min(b, to) - Math.max(a, from));
    return active / (to - from);
  }
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const log = options.log ?? (() => {});
  const db = openDatabase(options.dbPath);
  // As the app logs (main/core/app/core.ts): on a thread of its own.
  const predictionLog = PredictionLogThread.start(options.dbPath);
  let logWriteFailures = 0;
  const consoleError = console.error;
  console.error = (...args: unknown[]) => {
    if (String(args[0]).includes('could not write the prediction log')) logWriteFailures++;
    else consoleError(...args);
  };
  const manager = await ModelManager.open(db, path.join(path.dirname(options.dbPath), 'models'), {
    resourcesDir: options.resourcesDir,
    log: predictionLog.record,
  });
  let follower: Awaited<ReturnType<typeof startFollower>> | null = null;
  let publishing: NodeJS.Timeout | null = null;
  try {
    // The history's gazetteer is built in a worker after open: let it finish before anything is measured.
    await manager.historyPlacesReady();
    if (options.swaps) {
      follower = await startFollower(db, manager, options.swaps.dataDir, options.swaps.plan);
      log(`following ${options.swaps.plan.folder}: model ${manager.service.model.id} in service`);
    }
    const stations = servableStations(manager.service.model.meta);
    const request = (i: number) =>
      PredictRequestSchema.parse({
        location: {
          kind: 'coordinates',
          easting: 515_000 + ((i * 7919) % 30_000),
          northing: 170_000 + ((i * 104_729) % 25_000),
        },
        callTime: new Date(Date.UTC(2024, i % 12, 1 + (i % 28), i % 24, i % 60)).toISOString(),
        ...(i % 2 === 0 ? { station: stations[i % stations.length]!.code } : {}),
        pumpOrder: 1 + (i % 3),
        propertyCategory: i % 3 === 0 ? 'Dwelling' : 'Outdoor',
      });
    // Warm the session and the JIT before anything is measured.
    for (let i = 0; i < 500; i++) await manager.service.predict(request(i));

    let rowsImported = 0;
    const controller = new AbortController();
    const withJobs = options.jobs ?? true;
    const importing = !withJobs
      ? null
      : new JobLoop('import', (onProgress) => ({
          done: importFiles(options.dbPath, [...options.importFiles], {
            signal: controller.signal,
            onProgress,
          }).then((r) => {
            if (r.errors.length) throw new Error(r.errors[0]!.message);
            rowsImported += r.files.reduce((a, f) => a + f.rowsImported, 0);
          }),
          stop: () => controller.abort(),
        }));
    let trainingJob: JobHandle<TrainingJobResult> | null = null;
    const training = !withJobs
      ? null
      : new JobLoop('training', (onProgress, index) => {
          trainingJob = startTrainingJob(
            {
              dbPath: options.dbPath,
              seed: index,
              // As the app trains (main/core/app/core.ts): one learner thread, one core left for answers.
              threads: 1,
              ...(options.trainTrees ? { params: { numTrees: options.trainTrees } } : {}),
            },
            { onProgress },
          );
          return { done: trainingJob.done, stop: () => trainingJob?.cancel() };
        });
    if (importing && training) {
      await Promise.all([importing.running(), training.running()]);
      log('training and import running; measuring');
    }

    const total = Math.round((options.durationMs / 1000) * options.ratePerSecond);
    const responseMs = new Float64Array(total);
    const serviceMs = new Float64Array(total);
    let answered = 0;
    let failures = 0;
    const failureExamples: string[] = [];
    const inFlight = new Set<Promise<void>>();
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const absolute = () => performance.timeOrigin + performance.now();
    let sent = 0;
    const fire = ({ i, sentAt }: PacerRequest) => {
      const t0 = absolute();
      const p = (async () => {
        try {
          const answer = await manager.service.predict(request(i));
          if (!Number.isFinite(answer.etaSeconds)) throw new Error(`non-finite ETA ${answer.etaSeconds}`);
          const t1 = absolute();
          responseMs[answered] = t1 - sentAt;
          serviceMs[answered] = t1 - t0;
          answered++;
        } catch (error) {
          failures++;
          if (failureExamples.length < 5) failureExamples.push((error as Error).message);
        }
      })();
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    };
    // Requests arrive from a pacer thread, open-loop: a slow answer does not slow the arrivals.
    const startAt = absolute() + PACER_LEAD_MS;
    const pacer = spawnWorker(new URL('./pacer.js', import.meta.url), {
      workerData: { startAt, count: total, ratePerSecond: options.ratePerSecond } satisfies PacerStart,
    });
    let published = 0;
    const swaps = options.swaps;
    if (swaps) {
      publishing = setInterval(() => {
        if (publishNext(swaps.plan)) published++;
      }, swaps.everyMs);
    }
    await new Promise<void>((resolve, reject) => {
      pacer.on('message', (m: PacerRequest | 'done') => {
        if (m === 'done') resolve();
        else {
          sent++;
          fire(m);
        }
      });
      pacer.on('error', reject);
    });
    await pacer.terminate();
    if (publishing) clearInterval(publishing);
    const start = startAt - performance.timeOrigin;
    await Promise.all(inFlight);
    const end = performance.now();
    delay.disable();
    log(`sent ${sent} in ${((end - start) / 1000).toFixed(1)} s; stopping the jobs`);

    const trainingShare = training?.activeShare(start, end) ?? 0;
    const importShare = importing?.activeShare(start, end) ?? 0;
    await Promise.all([training?.stop(), importing?.stop()]);
    await predictionLog.close();
    const logged = db.prepare('SELECT count(*) FROM predictions').pluck().get() as number;
    return {
      sent,
      answered,
      failures,
      failureExamples,
      responseMs: responseMs.subarray(0, answered).sort(),
      serviceMs: serviceMs.subarray(0, answered).sort(),
      achievedRate: (answered * 1000) / (end - start),
      eventLoopDelayP99Ms: delay.percentile(99) / 1e6,
      eventLoopDelayMaxMs: delay.max / 1e6,
      // The warm-up's answers are logged too.
      logged: logged - 500,
      logWriteFailures,
      training: {
        started: training?.started ?? 0,
        completed: training?.completed ?? 0,
        activeShare: trainingShare,
      },
      import: {
        started: importing?.started ?? 0,
        completed: importing?.completed ?? 0,
        activeShare: importShare,
        rowsImported,
      },
      fleet: follower ? { published, swapped: follower.swaps(), refusals: follower.refusals() } : null,
    };
  } finally {
    if (publishing) clearInterval(publishing);
    await follower?.fleet.close();
    console.error = consoleError;
    await predictionLog.close();
    await manager.close();
    db.close();
  }
}
