import type { Db } from '../db/index.js';
import { startWorkerJob, type JobHandle } from '../workers/job.js';
import { buildGazetteer, type Gazetteer } from './gazetteer.js';

/**
 * The history's gazetteer, kept current without the main thread ever building it: every build runs in
 * a worker (seconds of SQLite work on a large history) and its whole result is handed over at once, so
 * no answer ever sees a half-built one. Until the first build arrives, answers use the model's own.
 */

export interface GazetteerBuildRequest {
  readonly dbPath: string;
  /** Run at background priority (the app, which answers meanwhile), not as work someone waits for. */
  readonly background: boolean;
}

/**
 * When the history's gazetteer is built: in the background (the app: answers meanwhile come from the
 * model's own) or in the foreground (a command that waits for it before it answers).
 */
export type PlacesPriority = 'background' | 'foreground';

/** The gazetteer of a history database, built in a worker (null when it holds no incidents). */
export function startGazetteerBuild(
  dbPath: string,
  priority: PlacesPriority = 'background',
): JobHandle<Gazetteer | null> {
  return startWorkerJob<GazetteerBuildRequest, never, Gazetteer | null>(
    new URL('./gazetteer-worker.js', import.meta.url),
    { dbPath, background: priority === 'background' },
    {},
    { label: 'gazetteer worker', background: priority === 'background' },
  );
}

/** `startGazetteerBuild`, awaited. */
export function buildGazetteerInWorker(dbPath: string): Promise<Gazetteer | null> {
  return startGazetteerBuild(dbPath).done;
}

export class HistoryGazetteer {
  /** Bumped by every refresh and by close: a build whose number is not current is stale. */
  private generation = 0;
  /** Settles once the gazetteer reflects the newest refresh (or that refresh failed). */
  private latest: Promise<void> = Promise.resolve();
  private readonly running = new Set<JobHandle<Gazetteer | null>>();
  private started = false;
  private closed = false;

  /**
   * `apply` receives each finished build (null: the history has no incidents). `db` is the history
   * as the caller holds it: its file is what the worker reads; an in-memory one (tests) is built here.
   */
  constructor(
    private readonly db: Db,
    private readonly apply: (gazetteer: Gazetteer | null) => void,
    private readonly priority: PlacesPriority = 'background',
  ) {}

  /**
   * Rebuilds from the history as it is now (after an import or an undo). A build still running is
   * cancelled: its answer would be older. Resolves once the gazetteer in use reflects this refresh or
   * a later one; rejects if that build failed (the gazetteer in use is then left as it was).
   */
  refresh(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the places of this history are closed'));
    this.started = true;
    for (const job of this.running) job.cancel();
    const generation = ++this.generation;
    if (this.db.memory) {
      this.apply(hasIncidents(this.db) ? buildGazetteer(this.db) : null);
      this.latest = Promise.resolve();
      return this.latest;
    }
    const job = startGazetteerBuild(this.db.name, this.priority);
    this.running.add(job);
    const settled = job.done.finally(() => this.running.delete(job));
    const done: Promise<void> = settled.then(
      (gazetteer) => {
        if (generation !== this.generation) return this.latest;
        this.apply(gazetteer);
        return undefined;
      },
      (error: unknown) => {
        // A cancelled or superseded build is not a failure: the newer one speaks for it.
        if (generation !== this.generation) return this.latest;
        throw error;
      },
    );
    this.latest = done;
    return done;
  }

  /**
   * Starts the first build if the history has incidents (an empty one has nothing to place). Once
   * only: later changes to the history come through `refresh`.
   */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    if (hasIncidents(this.db))
      this.refresh().catch((error: Error) =>
        // Not fatal: the model's own gazetteer keeps answering; `ready()` reports the failure to a waiter.
        console.error(`pump-eta: ${error.message}`),
      );
  }

  /** Settles once the newest build is in (starting the first if none was); rejects if it failed. */
  ready(): Promise<void> {
    this.start();
    return this.latest;
  }

  /** Cancels any build in flight and waits for its worker to finish; nothing is applied afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    this.generation += 1;
    this.latest = Promise.resolve();
    const jobs = [...this.running];
    for (const job of jobs) job.cancel();
    await Promise.allSettled(jobs.map((job) => job.done));
  }
}

function hasIncidents(db: Db): boolean {
  return db.prepare('SELECT 1 FROM incidents LIMIT 1').get() !== undefined;
}
