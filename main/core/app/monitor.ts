import type { MonitorReport } from '../../../contract/monitoring.js';
import type { Db } from '../db/index.js';
import { GateStage, MonitorGate } from '../monitor/gate.js';
import { startMonitorJob } from '../monitor/job.js';
import { buildMonitorReport, type MonitoredModel } from '../monitor/report.js';
import type { MonitorRequest } from '../monitor/run.js';
import { MonitorStore } from '../monitor/store.js';
import { findStation } from '../places/stations.js';
import { JobCancelledError } from '../workers/protocol.js';
import type { ModelManager } from '../registry/manager.js';

/** A computation started beside an import (see `Monitor.besideImport`). */
export interface MonitorBesideImport {
  /** A file of the import has committed: the newer calls may be read while the next is imported. */
  callsCommitted(): void;
  /** The import ended with rows added or changed: scores them; resolves with `refresh`'s sentence. */
  finish(): Promise<string>;
  /** The import failed or changed nothing: the computation ends, reading and storing nothing. */
  abandon(): void;
}

/**
 * The champion watched: scored again (in a worker) after every import, after an undo and when the
 * champion changes; read by the Monitoring view and `pump-eta monitor`. Every computation replaces the
 * model's stored results as a whole, so what is shown never counts rows that are gone.
 */
export class Monitor {
  private readonly store: MonitorStore;
  private cancelRunning: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly dbPath: string,
    private readonly manager: ModelManager,
  ) {
    this.store = new MonitorStore(db);
  }

  private request(gate?: SharedArrayBuffer): MonitorRequest | null {
    const model = this.manager.service.model;
    if (model.isDemo) return null;
    const w = model.meta.window;
    return {
      dbPath: this.dbPath,
      modelFile: this.manager.registry.filePath(this.manager.champion),
      modelId: model.id,
      window: {
        trainFrom: Date.parse(w.trainFrom),
        trainTo: Date.parse(w.trainTo),
        scoredAfter: Date.parse(w.holdoutTo),
      },
      ...(gate ? { gate } : {}),
    };
  }

  /**
   * Scores the champion on the history's vehicles after its window. Never throws: a failure is kept
   * with the earlier results and returned in words, so the import it follows still succeeds.
   */
  async refresh(gate?: SharedArrayBuffer): Promise<string> {
    // A rescore queued behind an import must not start a worker once the core is closing.
    if (this.closed) return 'Monitoring stopped: Pump ETA is closing.';
    const request = this.request(gate);
    if (!request) return 'The demo model is in service: nothing to monitor.';
    const job = startMonitorJob(request);
    this.cancelRunning = job.cancel;
    try {
      const outcome = await job.done;
      return outcome.vehicles > 0
        ? `Model ${request.modelId} scored on ${outcome.vehicles.toLocaleString('en-GB')} vehicles newer than its training window.`
        : `No vehicles newer than model ${request.modelId}'s training window yet.`;
    } catch (error) {
      // Cancelled because the core is closing: the earlier results stand, and nothing failed.
      if (error instanceof JobCancelledError) return (error as Error).message;
      const problem = `monitoring could not score model ${request.modelId}: ${(error as Error).message}`;
      try {
        this.store.saveProblem(request.modelId, request.window.scoredAfter, problem, new Date());
      } catch {
        // The database refused even this: the sentence below still reaches the person.
      }
      return `The import was kept, but ${problem}`;
    } finally {
      this.cancelRunning = null;
    }
  }

  /**
   * Starts the computation with an import rather than after it: its worker and the champion's session
   * load during the first file, the newer calls are read during the next, and only the vehicles are
   * read and scored once the import has ended — what the import adds to the wait is that last part.
   * Null when there is nothing to monitor (the demo model, a closing core).
   */
  besideImport(): MonitorBesideImport | null {
    if (this.closed || this.manager.service.model.isDemo) return null;
    const gate = new MonitorGate();
    const done = this.refresh(gate.buffer);
    return {
      callsCommitted: () => gate.open(GateStage.readCalls),
      finish: () => {
        gate.open(GateStage.go);
        return done;
      },
      // `refresh` never rejects: an abandoned computation resolves with a sentence nobody needs.
      abandon: () => gate.open(GateStage.abandon),
    };
  }

  /** After an undo: every stored result may count removed rows. */
  forgetAll(): void {
    this.store.dropAll();
  }

  /** Stops a computation in progress (its earlier results stay) and starts no other. */
  close(): void {
    this.closed = true;
    this.cancelRunning?.();
  }

  /**
   * When the history last changed: the newest import's end or undo. A command-line import or undo
   * runs without the core (and a command ends before a queued rescore would), so a report computed
   * before that is stale however it was made.
   */
  private historyChangedAt(): number {
    const row = this.db
      .prepare(
        `SELECT MAX(finished_at) AS finished, MAX(undone_at) AS undone FROM imports
         WHERE kind IN ('incidents', 'mobilisations', 'stations', 'weather')`,
      )
      .get() as { finished: string | null; undone: string | null };
    return Math.max(Date.parse(row.finished ?? '') || 0, Date.parse(row.undone ?? '') || 0);
  }

  /**
   * The champion's report; computed first if it never was (a model just promoted, an old history) or
   * if the history changed since it was computed.
   */
  async report(): Promise<MonitorReport> {
    const champion = this.manager.champion;
    if (!champion.isDemo) {
      const stored = this.store.read(champion.id);
      if (stored === null || Date.parse(stored.run.computedAt) < this.historyChangedAt())
        await this.refresh();
    }
    const model = this.manager.service.model;
    const spec = model.meta.featureSpec;
    const stations = (champion.report as { stations?: MonitoredModel['holdoutStations'] }).stations ?? [];
    const monitored: MonitoredModel = {
      id: champion.id,
      isDemo: champion.isDemo,
      trainedFrom: champion.trainedFrom,
      trainedTo: champion.trainedTo,
      metrics: champion.metrics,
      holdoutStations: stations,
      stationName: (code) => findStation(spec, code)?.name ?? code,
      scoredAfter: champion.isDemo ? null : model.meta.window.holdoutTo,
    };
    return buildMonitorReport(monitored, this.store.read(champion.id));
  }
}
