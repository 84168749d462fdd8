/**
 * Job events folded into per-job state. Pure, so the rules (one bar per file, what counts as finished,
 * events that arrive before the window knows the job id) are unit-tested without React.
 */
import type { ImportResult, JobEndEvent, JobEvent, JobKind, ModelSummary } from '../../../contract/index.js';

export interface ProgressEntry {
  readonly key: string;
  readonly phase: string;
  readonly done: number;
  readonly total: number;
  /** Import: rows read from this file so far. */
  readonly rows?: number;
}

interface JobStateBase {
  readonly jobId: string;
  readonly status: 'running' | 'done' | 'error';
  /** Import: one entry per file; training: one entry for the run. In first-seen order. */
  readonly progress: readonly ProgressEntry[];
  /** Training: (trees done, validation loss) as reported. */
  readonly losses: readonly { readonly done: number; readonly loss: number }[];
  readonly logs: readonly string[];
  readonly error: string | null;
}

/** An import ends with its report; a training run with the candidate model it registered. */
export type ImportJobState = JobStateBase & { readonly kind: 'import'; readonly result: ImportResult | null };
export type TrainingJobState = JobStateBase & {
  readonly kind: 'training';
  readonly result: ModelSummary | null;
  /** The run's weather line (how much weather the model learned from), once it is done. */
  readonly weather?: string;
};
export type JobState = ImportJobState | TrainingJobState;

export type JobsState = Readonly<Record<string, JobState>>;

/** Logs kept per job: enough to explain a failure, bounded so a chatty job cannot grow the page. */
export const MAX_LOG_LINES = 200;
export const MAX_LOSS_POINTS = 2_000;

function emptyJob(jobId: string, kind: JobKind): JobState {
  const base = { jobId, status: 'running', progress: [], losses: [], logs: [], error: null } as const;
  switch (kind) {
    case 'import':
      return { ...base, kind, result: null };
    case 'training':
      return { ...base, kind, result: null };
    default: {
      const unexpected: never = kind;
      return unexpected;
    }
  }
}

type ProgressEvent = Extract<JobEvent, { type: 'progress' }>;

/** The run's single bar for training; one bar per file for an import. */
function progressEntry(event: ProgressEvent): ProgressEntry {
  switch (event.kind) {
    case 'import':
      return { key: event.file, phase: event.phase, done: event.done, total: event.total, rows: event.rows };
    case 'training':
      return { key: 'run', phase: event.phase, done: event.done, total: event.total };
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

function ended(job: JobState, event: JobEndEvent): JobState {
  switch (event.type) {
    case 'error':
      return { ...job, status: 'error', error: event.message };
    case 'done':
      // The event's kind decides the result's type; the job's state follows it.
      return event.kind === 'import'
        ? { ...job, kind: 'import', status: 'done', result: event.result }
        : {
            ...job,
            kind: 'training',
            status: 'done',
            result: event.result,
            ...(event.weather !== undefined ? { weather: event.weather } : {}),
          };
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

export function jobsReducer(state: JobsState, event: JobEvent): JobsState {
  const job = state[event.jobId] ?? emptyJob(event.jobId, event.kind);
  // A job ends once (the core says so); anything after its ending would contradict what is shown.
  if (job.status !== 'running') return state;
  let next: JobState;
  switch (event.type) {
    case 'progress': {
      const entry = progressEntry(event);
      const index = job.progress.findIndex((p) => p.key === entry.key);
      const progress =
        index < 0 ? [...job.progress, entry] : job.progress.map((p, i) => (i === index ? entry : p));
      const loss = event.kind === 'training' ? event.validationLoss : undefined;
      // One curve per tree-building phase: a new phase (the P90 model after the ETA model) starts afresh.
      const previous = index < 0 ? undefined : job.progress[index];
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
    case 'error':
      next = ended(job, event);
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
