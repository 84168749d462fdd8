import { Alert, ErrorMessage } from '../../components/Alert';
import { ProgressBar } from '../../components/ProgressBar';
import type { JobState } from '../../hooks/jobs';
import { LossChart } from './charts';

/** What each training phase is called on screen; the tree phases count trees. */
const PHASES: Readonly<Record<string, string>> = {
  loading: 'Loading rows',
  features: 'Building features',
  point: 'ETA model',
  upper: 'P90 model',
  refit: 'Refitting on the newest calls',
  folds: 'Out-of-fold estimates',
  late: 'Late-arrival model',
  pumps: 'Pumps-needed model',
  calibrating: 'Calibrating the P90 bound and the probabilities',
  evaluating: 'Scoring the holdout',
  exporting: 'Writing the model file',
};
const TREE_PHASES = new Set(['point', 'upper', 'refit', 'late', 'pumps']);

export function trainingLabel(phase: string | undefined, done: number, total: number): string {
  if (!phase) return 'Preparing the data';
  const name = PHASES[phase] ?? phase;
  if (TREE_PHASES.has(phase) && total > 0) return `${name}: tree ${done} of ${total}`;
  if (phase === 'loading' && done > 0) return `${name}: ${done.toLocaleString('en-GB')}`;
  if (phase === 'folds' && total > 0) return `${name}: ${done} of ${total}`;
  return name;
}

/** Retrain on everything imported: live tree count and validation loss, cancellable; the outcome stays visible. */
export function RetrainPanel({
  job,
  showChart,
  startError,
  starting,
  onStart,
  onCancel,
  onCompare,
}: {
  job: JobState | null;
  /** Charts measure their container, so they are drawn only while the screen is visible. */
  showChart: boolean;
  startError: string | null;
  starting: boolean;
  onStart: () => void;
  onCancel: (jobId: string) => void;
  onCompare: (modelId: string) => void;
}) {
  const running = job?.status === 'running';
  const entry = job?.progress[0];
  const lastLoss = job?.losses.at(-1);
  const newId = job?.kind === 'training' && job.status === 'done' ? (job.result?.id ?? null) : null;
  return (
    <section className="panel retrain" aria-label="Retrain">
      <div className="retrain-head">
        <h2 className="panel-title">Retrain</h2>
        {running && job ? (
          <button type="button" className="button" onClick={() => onCancel(job.jobId)}>
            Cancel training
          </button>
        ) : (
          <button type="button" className="button button-primary" onClick={onStart} disabled={starting}>
            {starting ? 'Starting…' : 'Retrain on imported data'}
          </button>
        )}
      </div>
      {running && job ? (
        <div className="retrain-live">
          <ProgressBar
            label={trainingLabel(entry?.phase, entry?.done ?? 0, entry?.total ?? 0)}
            done={entry?.done ?? 0}
            total={entry?.total ?? 0}
            detail={lastLoss ? `validation loss ${lastLoss.loss.toFixed(1)} s` : undefined}
          />
          {showChart && job.losses.length > 1 ? <LossChart losses={job.losses} /> : null}
        </div>
      ) : null}
      {/* A refusal is about the run it met; once that run ends, it no longer applies. */}
      {running || !job ? <ErrorMessage error={startError} title="Training did not start" /> : null}
      {job?.status === 'error' ? <ErrorMessage error={job.error} title="Training stopped" /> : null}
      {newId ? (
        <Alert tone="success" title={`New model ${newId} trained`}>
          {job?.kind === 'training' && job.weather ? (
            <span className="retrain-weather">{job.weather} </span>
          ) : null}
          It is a candidate: compare it with the champion before promoting it.{' '}
          <button type="button" className="button button-small" onClick={() => onCompare(newId)}>
            Compare now
          </button>
        </Alert>
      ) : null}
    </section>
  );
}
