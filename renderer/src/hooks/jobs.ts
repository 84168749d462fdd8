/**
 * Job events folded into per-job state. Pure, so the rules (one bar per file, what counts as finished,
 * events that arrive before the window knows the job id) are unit-tested without React.
 */
import type { JobEvent, JobKind } from '../../../contract/index.js';

export interface ProgressEntry {
  readonly key: string;
  readonly phase: string;
  readonly done: number;
  readonly total: number;
  readonly detail?: string;
}

export interface JobState {
  readonly jobId: string;
  readonly kind: JobKind;
  readonly status: 'running' | 'done' | 'error';
  /** Import: one entry per file; training: one entry for the run. In first-seen order. */
  readonly progress: readonly ProgressEntry[];
  /** Training: (trees done, validation loss) as reported. */
  readonly losses: readonly { readonly done: number; readonly loss: number }[];
  readonly logs: readonly string[];
  readonly result: unknown;
  readonly error: string | null;
}

export type JobsState = Readonly<Record<string, JobState>>;

/** Logs kept per job: enough to explain a failure, bounded so a chatty job cannot grow the page. */
export const MAX_LOG_LINES = 200;
export const MAX_LOSS_POINTS = 2_000;

function emptyJob(event: JobEvent): JobState {
  return {
    jobId: event.jobId,
    kind: event.kind,
    status: 'running',
    progress: [],
    losses: [],
    logs: [],
    result: null,
    error: null,
  };
}

type ProgressEvent = Extract<JobEvent, { type: 'progress' }>;

/** Separates the file from the row count in an import's detail ("a.csv — 1,200 rows"). */
const DETAIL_SEPARATOR = ' — ';
const LOSS_IN_DETAIL = /validation loss (-?\d+(?:\.\d+)?)/i;

function progressKey(event: ProgressEvent): string {
  if (event.kind !== 'import') return 'run';
  // `file` is the contract's field for this; older cores only named the file at the start of `detail`.
  return event.file ?? event.detail?.split(DETAIL_SEPARATOR)[0] ?? event.phase;
}

function validationLoss(event: ProgressEvent): number | undefined {
  if (event.validationLoss !== undefined) return event.validationLoss;
  const match = event.detail ? LOSS_IN_DETAIL.exec(event.detail) : null;
  return match ? Number(match[1]) : undefined;
}

export function jobsReducer(state: JobsState, event: JobEvent): JobsState {
  const job = state[event.jobId] ?? emptyJob(event);
  let next: JobState;
  switch (event.type) {
    case 'progress': {
      const key = progressKey(event);
      const entry: ProgressEntry = {
        key,
        phase: event.phase,
        done: event.done,
        total: event.total,
        ...(event.detail === undefined ? {} : { detail: event.detail }),
      };
      const index = job.progress.findIndex((p) => p.key === key);
      const progress =
        index < 0 ? [...job.progress, entry] : job.progress.map((p, i) => (i === index ? entry : p));
      const loss = validationLoss(event);
      // One curve per tree-building phase: a new phase (the P90 model after the ETA model) starts afresh.
      const previous = job.progress.find((p) => p.key === key);
      const kept = previous && previous.phase !== event.phase ? [] : job.losses;
      const losses =
        loss === undefined || !Number.isFinite(loss)
          ? kept
          : [...kept, { done: event.done, loss }].slice(-MAX_LOSS_POINTS);
      next = { ...job, progress, losses };
      break;
    }
    case 'log':
      next = { ...job, logs: [...job.logs, event.message].slice(-MAX_LOG_LINES) };
      break;
    case 'done':
      next = { ...job, status: 'done', result: event.result };
      break;
    case 'error':
      next = { ...job, status: 'error', error: event.message };
      break;
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
  return { ...state, [event.jobId]: next };
}

/** 0..1, or null when the total is not known yet. */
export function fraction(entry: Pick<ProgressEntry, 'done' | 'total'>): number | null {
  if (!(entry.total > 0)) return null;
  return Math.min(1, Math.max(0, entry.done / entry.total));
}
