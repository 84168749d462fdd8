import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../api';
import { Alert, ErrorMessage } from '../../components/Alert';
import { formatCount, formatDate, formatDateTime } from '../../format';
import type { JobsState } from '../../hooks/jobs';
import { useResult } from '../../hooks/useResult';
import type { MonitorReport } from '../../../../contract/index.js';
import '../models/models.css';
import { MonthlyErrorChart } from './MonitorChart';
import { DriftTable, MonthsTable, NewCategoriesTable, StationsTable } from './MonitorTables';
import './monitoring.css';

/** At most this many new values are listed on screen (the CLI's --json lists every one). */
const NEW_CATEGORIES_SHOWN = 20;

function runningTraining(jobs: JobsState) {
  return Object.values(jobs).find((j) => j.kind === 'training' && j.status === 'running') ?? null;
}

/** The advice sentence with the retrain action beside it (the same job as Models → Retrain). */
function AdvicePanel({
  report,
  jobs,
  onOpenModels,
}: {
  report: MonitorReport;
  jobs: JobsState;
  onOpenModels: () => void;
}) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const [started, setStarted] = useState(false);
  const training = runningTraining(jobs);
  const retrain = async () => {
    setError(null);
    try {
      const result = await api.startTraining();
      if (result.ok) setStarted(true);
      else setError(result.error);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section className="panel monitor-advice" aria-label="Advice">
      <h2 className="panel-title">Advice</h2>
      <div className="monitor-advice-row">
        <p
          className={report.advice.retrain ? 'monitor-sentence monitor-sentence-retrain' : 'monitor-sentence'}
          role="status"
        >
          {report.advice.sentence}
        </p>
        <div className="monitor-actions">
          <button
            type="button"
            className={report.advice.retrain ? 'button button-primary' : 'button'}
            disabled={training !== null}
            onClick={() => void retrain()}
          >
            {training ? 'Retraining…' : 'Retrain'}
          </button>
          <button type="button" className="button button-quiet" onClick={onOpenModels}>
            Models screen
          </button>
        </div>
      </div>
      {report.advice.reasons.length > 0 ? (
        <ul className="monitor-reasons">
          {report.advice.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : null}
      {started || training ? (
        <Alert tone="info">A retrain is running: follow it, compare and promote on the Models screen.</Alert>
      ) : null}
      <ErrorMessage error={error} title="Retrain not started" />
    </section>
  );
}

/** The model in service on data newer than its training: monthly error, stations, drift, advice. */
export function MonitoringScreen({
  active,
  jobs,
  refreshKey,
  onOpenModels,
}: {
  active: boolean;
  jobs: JobsState;
  /** Changes when the history or the champion changes: the report is read again. */
  refreshKey: number;
  onOpenModels: () => void;
}) {
  const api = useApi();
  const load = useCallback(() => api.monitor(), [api]);
  const monitor = useResult(load);
  const { reload } = monitor;
  useEffect(() => {
    if (active) reload();
  }, [active, refreshKey, reload]);
  const report = monitor.value;
  return (
    <div className="monitoring">
      <section className="panel" aria-label="Model in service">
        <h2 className="panel-title">Monitoring</h2>
        {monitor.loading && !report ? <p>Scoring the model in service on the newest data…</p> : null}
        <ErrorMessage error={monitor.error} title="The monitoring report could not be read" />
        {report ? (
          <p className="monitor-model">
            Model <strong>{report.modelId}</strong>
            {report.isDemo ? ' (demo model)' : ''}
            {report.trainedFrom
              ? `, trained on calls ${formatDate(report.trainedFrom)} – ${formatDate(report.trainedTo)}`
              : ''}
            {report.scoredAfter ? `; scored on vehicles after ${formatDate(report.scoredAfter)}` : ''}
            {report.computedAt ? ` (checked ${formatDateTime(report.computedAt)})` : ''}.
            {report.holdout
              ? ` Holdout MAE ${report.holdout.mae.toFixed(1)} s (95 % ${report.holdout.low.toFixed(1)}–${report.holdout.high.toFixed(1)}) on ${formatCount(report.holdout.rows)} vehicles.`
              : ''}
          </p>
        ) : null}
        {report?.problem ? (
          <Alert tone="warning" title="The last check failed">
            {report.problem}
          </Alert>
        ) : null}
      </section>
      {report ? <AdvicePanel report={report} jobs={jobs} onOpenModels={onOpenModels} /> : null}
      {report && report.months.length > 0 ? (
        <>
          <section className="panel" aria-label="Error by month">
            {active ? <MonthlyErrorChart report={report} /> : null}
            <MonthsTable report={report} />
            {report.unscored > 0 ? (
              <p className="monitor-note">
                {formatCount(report.unscored)} vehicles came from stations the model cannot place: counted,
                not scored.
              </p>
            ) : null}
          </section>
          <section className="panel" aria-label="Stations">
            <h2 className="panel-title">Stations</h2>
            {report.stations.length > 0 ? (
              <StationsTable report={report} />
            ) : (
              <p>Too few vehicles per station yet.</p>
            )}
          </section>
          <section className="panel" aria-label="Drift">
            <h2 className="panel-title">Input drift</h2>
            <DriftTable report={report} />
          </section>
          <section className="panel" aria-label="New values">
            <h2 className="panel-title">New values</h2>
            {report.newCategories.length > 0 ? (
              <NewCategoriesTable
                report={{ ...report, newCategories: report.newCategories.slice(0, NEW_CATEGORIES_SHOWN) }}
              />
            ) : (
              <p>None: every station, ward and category since training was in the training window.</p>
            )}
          </section>
        </>
      ) : null}
    </div>
  );
}
