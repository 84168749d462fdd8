import type { BoundaryLayer, HistoryBackdrop } from '../../../contract/index.js';
import { WorkerService } from '../workers/service.js';
import type { CoverOutput } from './compute.js';

/**
 * The maps' work runs on a thread of its own: reading every incident position of a large history and
 * scoring tens of thousands of cells would hold the main thread for seconds. The thread lives from the
 * first map asked for until the core closes, keeping what the next map needs — the model in service,
 * opened from its file (the same bytes, so the same graph the answers come from), and the history's
 * positions, read again only when the history has changed — so a dispatcher who takes a station out
 * waits for the scoring alone.
 */
export interface MapsWorkerInit {
  readonly dbPath: string;
}

export type MapsRequest =
  | {
      readonly kind: 'cover';
      /** The model in service's file and id (its sha256 prefix, checked by the thread). */
      readonly modelFile: string;
      readonly modelId: string;
      readonly callTimeMs: number;
      readonly callTimeLabel: string;
      readonly cellMetres: number;
      readonly without: readonly string[];
      readonly nearest?: number;
    }
  | {
      readonly kind: 'mapBase';
      /** The model in service, to open ahead of the first cover. */
      readonly model?: { readonly file: string; readonly id: string };
    };

export interface MapBaseFromHistory {
  readonly backdrop: HistoryBackdrop | null;
  readonly boundaries: readonly BoundaryLayer[];
}

export type MapsResult = CoverOutput | MapBaseFromHistory;

/** The thread, started on first use and again after a crash; requests run one at a time. */
export class MapsThread {
  private service: WorkerService<never, MapsRequest, MapsResult> | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly dbPath: string) {}

  cover(request: Extract<MapsRequest, { kind: 'cover' }>): Promise<CoverOutput> {
    return this.run(request) as Promise<CoverOutput>;
  }

  mapBase(model?: { readonly file: string; readonly id: string }): Promise<MapBaseFromHistory> {
    return this.run(model ? { kind: 'mapBase', model } : { kind: 'mapBase' }) as Promise<MapBaseFromHistory>;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.chain;
    await this.service?.stop();
    this.service = null;
  }

  private run(request: MapsRequest): Promise<MapsResult> {
    if (this.closed) return Promise.reject(new Error('The maps are closed: the app is shutting down.'));
    const answer = this.chain.then(() => this.thread().request(request));
    this.chain = answer.catch(() => {});
    return answer;
  }

  private thread(): WorkerService<never, MapsRequest, MapsResult> {
    if (!this.service?.running) {
      this.service = new WorkerService<never, MapsRequest, MapsResult>(
        new URL('./worker.js', import.meta.url),
        { dbPath: this.dbPath } satisfies MapsWorkerInit,
        { label: 'maps thread' },
      );
    }
    return this.service;
  }
}
