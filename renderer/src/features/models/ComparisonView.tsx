import { Alert } from '../../components/Alert';
import { formatCount, formatDate, formatDelta } from '../../format';
import type { Comparison } from '../../../../contract/index.js';
import { PredictedVsActualChart, StationDeltaChart } from './charts';
import {
  formatMetricValue,
  judgeChange,
  largestStationChanges,
  metricInfo,
  orderedMetricKeys,
} from './modelInfo';

const CHART_STATIONS = 12;
const TABLE_STATIONS = 30;

function MetricsTable({ comparison }: { comparison: Comparison }) {
  const keys = orderedMetricKeys(comparison.champion, comparison.challenger);
  return (
    <table className="table metrics-table">
      <caption className="visually-hidden">Metrics side by side</caption>
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col" className="num">
            Champion <code>{comparison.championId}</code>
          </th>
          <th scope="col" className="num">
            Challenger <code>{comparison.challengerId}</code>
          </th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => {
          const verdict = judgeChange(key, comparison.champion[key], comparison.challenger[key]);
          return (
            <tr key={key}>
              <th scope="row">{metricInfo(key).label}</th>
              <td className="num">{formatMetricValue(key, comparison.champion[key])}</td>
              <td className="num">{formatMetricValue(key, comparison.challenger[key])}</td>
              <td className={verdict ? `verdict verdict-${verdict}` : 'verdict'}>{verdict ?? ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function StationTable({ comparison }: { comparison: Comparison }) {
  const rows = largestStationChanges(comparison.stations, TABLE_STATIONS);
  return (
    <table className="table stations-table">
      <caption>Stations with the largest change (of {comparison.stations.length})</caption>
      <thead>
        <tr>
          <th scope="col">Station</th>
          <th scope="col" className="num">
            Rows
          </th>
          <th scope="col" className="num">
            MAE champion
          </th>
          <th scope="col" className="num">
            MAE challenger
          </th>
          <th scope="col" className="num">
            Δ
          </th>
          <th scope="col" className="num">
            Bias ch. → chall.
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((s) => {
          const delta = s.challengerMae - s.championMae;
          return (
            <tr key={s.code}>
              <th scope="row">{s.name}</th>
              <td className="num">{formatCount(s.count)}</td>
              <td className="num">{s.championMae.toFixed(1)}</td>
              <td className="num">{s.challengerMae.toFixed(1)}</td>
              <td className={delta <= 0 ? 'num verdict-better' : 'num verdict-worse'}>
                {formatDelta(delta)}
              </td>
              <td className="num">
                {formatDelta(s.championBias)} → {formatDelta(s.challengerBias)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Champion and challenger scored on the same newest holdout rows, with the promotion policy's verdict. */
export function ComparisonView({
  comparison,
  showCharts,
  onPromote,
  busy,
  locked = null,
}: {
  comparison: Comparison;
  /** Charts measure their container, so they are drawn only while the screen is visible. */
  showCharts: boolean;
  onPromote: () => void;
  busy: boolean;
  /** Why promotion is not for this workstation (it follows the control room), or null. */
  locked?: string | null;
}) {
  const [low, high] = comparison.maeDiffCi;
  return (
    <section className="comparison" aria-label="Comparison with the champion">
      <div className="comparison-head">
        <div>
          <h2 className="panel-title">
            Challenger <code>{comparison.challengerId}</code> vs champion <code>{comparison.championId}</code>
          </h2>
          <p className="muted">
            Same {formatCount(comparison.rows)} holdout rows, {formatDate(comparison.window.from)} –{' '}
            {formatDate(comparison.window.to)}. MAE difference (challenger − champion), 95 % interval:{' '}
            {formatDelta(low)} to {formatDelta(high)} s.
          </p>
        </div>
        <button
          type="button"
          className="button button-primary"
          onClick={onPromote}
          disabled={busy || locked !== null}
          title={locked ?? undefined}
        >
          Promote…
        </button>
      </div>
      <Alert
        tone={comparison.decision.promote ? 'success' : 'warning'}
        title={
          comparison.decision.promote
            ? 'The promotion policy allows this challenger'
            : 'The promotion policy would refuse this challenger'
        }
      >
        <ul className="reasons">
          {comparison.decision.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      </Alert>
      <MetricsTable comparison={comparison} />
      {showCharts ? (
        <div className="charts">
          <PredictedVsActualChart sample={comparison.sample} />
          <StationDeltaChart stations={largestStationChanges(comparison.stations, CHART_STATIONS)} />
        </div>
      ) : null}
      <StationTable comparison={comparison} />
    </section>
  );
}
