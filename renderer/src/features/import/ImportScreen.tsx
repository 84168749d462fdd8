import { useState } from 'react';
import { useApi } from '../../api';
import { Alert, ErrorMessage } from '../../components/Alert';
import { ProgressBar } from '../../components/ProgressBar';
import { formatCount } from '../../format';
import type { JobsState, JobState, ProgressEntry } from '../../hooks/jobs';
import { ImportReport } from './ImportReport';
import type { Imports, StartedImport } from './useImports';
import './import.css';

function phaseText(phase: string, done: number, total: number): string {
  return total > 0 ? `${phase}: ${formatCount(done)} of ${formatCount(total)}` : phase;
}

/** Rows read is what a person follows; the phase and bytes only until the first rows arrive. */
function progressText(entry: ProgressEntry): string {
  return entry.rows !== undefined && entry.rows > 0
    ? `${formatCount(entry.rows)} rows`
    : phaseText(entry.phase, entry.done, entry.total);
}

function ImportJob({
  started,
  job,
  onImportAnyway,
}: {
  started: StartedImport;
  job: JobState | undefined;
  onImportAnyway: (retryId: string, fileName: string) => void;
}) {
  const api = useApi();
  const [cancelError, setCancelError] = useState<string | null>(null);
  const cancel = async () => {
    const result = await api.cancelJob(started.jobId);
    setCancelError(result.ok ? null : result.error);
  };
  const progress = job?.progress ?? [];
  const pendingFiles = started.files.filter((name) => !progress.some((p) => p.key === name));
  const status = job?.status ?? 'running';
  return (
    <section className="panel import-job" aria-label={`Import ${started.jobId}`} data-status={status}>
      <h3 className="panel-title">
        {status === 'running' ? 'Importing…' : status === 'done' ? 'Import finished' : 'Import failed'}
        <span className="muted"> · {new Date(started.startedAt).toLocaleTimeString('en-GB')}</span>
      </h3>
      {status === 'running' ? (
        <div className="import-progress">
          <button type="button" className="button button-small import-cancel" onClick={() => void cancel()}>
            Cancel import
          </button>
          <ErrorMessage error={cancelError} />
          {progress.map((entry) => (
            <ProgressBar
              key={entry.key}
              label={entry.key}
              done={entry.done}
              total={entry.total}
              detail={progressText(entry)}
            />
          ))}
          {pendingFiles.map((name) => (
            <ProgressBar key={name} label={name} done={0} total={0} detail="waiting" />
          ))}
          {progress.length === 0 && pendingFiles.length === 0 ? (
            <ProgressBar label="Reading files" done={0} total={0} />
          ) : null}
        </div>
      ) : null}
      {status === 'error' ? <ErrorMessage error={job?.error} title="The import stopped" /> : null}
      {status === 'done' && job?.kind === 'import' && job.result ? (
        <ImportReport result={job.result} onImportAnyway={onImportAnyway} />
      ) : null}
    </section>
  );
}

/** Import LFB files: drop them anywhere on the window or choose them; watch progress; read the report. */
export function ImportScreen({ imports, jobs }: { imports: Imports; jobs: JobsState }) {
  return (
    <div className="import">
      <div className="panel import-intro">
        <h2 className="panel-title">Import LFB files</h2>
        <p>
          Incident and Mobilisation files from the London Datastore, or a stations file, as <kbd>.xlsx</kbd>{' '}
          or <kbd>.csv</kbd>. Rows already imported are recognised; a corrected record replaces the stored one
          (the earlier version is kept, so the import can be undone on the Data screen).
        </p>
        <button type="button" className="dropzone" onClick={() => void imports.chooseAndImport()}>
          <span className="dropzone-title">Drop files anywhere on this window</span>
          <span className="dropzone-hint">or press to choose files…</span>
        </button>
        <ErrorMessage error={imports.error} title="Nothing was imported" />
      </div>
      <div className="import-jobs">
        {imports.started.length === 0 ? (
          <Alert tone="info" title="No import yet in this session">
            The Data screen lists every file imported so far.
          </Alert>
        ) : (
          imports.started.map((started) => (
            <ImportJob
              key={started.jobId}
              started={started}
              job={jobs[started.jobId]}
              onImportAnyway={(retryId, fileName) => void imports.importAsPartial(retryId, fileName)}
            />
          ))
        )}
      </div>
    </div>
  );
}
