import { formatCount } from '../../format';
import { NOT_IN_TRAINING_WINDOW, type MonitorReport } from '../../../../contract/index.js';

const share = (p: number | null) => (p === null ? '–' : `${Math.round(p * 100)} %`);
const secs = (s: number | null, digits = 1) => (s === null ? '–' : `${s.toFixed(digits)} s`);

export function MonthsTable({ report }: { report: MonitorReport }) {
  return (
    <table className="table">
      <caption>Each month since training</caption>
      <thead>
        <tr>
          <th scope="col">Month</th>
          <th scope="col" className="num">
            Vehicles
          </th>
          <th scope="col" className="num">
            MAE (95 %)
          </th>
          <th scope="col" className="num">
            Bias
          </th>
          <th scope="col" className="num">
            P90 coverage
          </th>
          <th scope="col" className="num">
            Flag precision / recall
          </th>
          <th scope="col" className="num">
            Brier, 360 s
          </th>
        </tr>
      </thead>
      <tbody>
        {report.months.map((m) => (
          <tr key={m.month}>
            <th scope="row">{m.month}</th>
            <td className="num">{formatCount(m.vehicles)}</td>
            <td className="num">
              {m.mae.toFixed(1)} s ({m.maeLow.toFixed(1)}–{m.maeHigh.toFixed(1)})
            </td>
            <td className="num">{secs(m.bias)}</td>
            <td className="num">{share(m.p90Coverage)}</td>
            <td className="num">
              {share(m.flagPrecision)} / {share(m.flagRecall)}
            </td>
            <td className="num">{m.withinTargetBrier.toFixed(3)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function StationsTable({ report }: { report: MonitorReport }) {
  return (
    <table className="table">
      <caption>
        Stations since training: a shifted station's vehicles keep a different pace than the model expects
      </caption>
      <thead>
        <tr>
          <th scope="col">Station</th>
          <th scope="col" className="num">
            Vehicles
          </th>
          <th scope="col" className="num">
            MAE
          </th>
          <th scope="col" className="num">
            Holdout MAE
          </th>
          <th scope="col" className="num">
            Bias shift
          </th>
          <th scope="col">Shift</th>
        </tr>
      </thead>
      <tbody>
        {report.stations.map((s) => (
          <tr key={s.code} className={s.shifted ? 'monitor-shifted' : undefined}>
            <th scope="row">
              {s.name} ({s.code})
            </th>
            <td className="num">{formatCount(s.vehicles)}</td>
            <td className="num">{secs(s.mae)}</td>
            <td className="num">{secs(s.holdoutMae)}</td>
            <td className="num">{secs(s.biasShift, 0)}</td>
            <td>{s.shifted ? (s.biasShift < 0 ? 'slower than expected' : 'faster than expected') : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DriftTable({ report }: { report: MonitorReport }) {
  return (
    <table className="table">
      <caption>
        Inputs in {report.newestMonth} against the training window (population stability index: below 0.1
        stable, 0.1–0.25 moderate, 0.25 and above major)
      </caption>
      <thead>
        <tr>
          <th scope="col">Feature</th>
          <th scope="col" className="num">
            PSI
          </th>
          <th scope="col">Level</th>
          <th scope="col">Moved most (share before → after)</th>
        </tr>
      </thead>
      <tbody>
        {report.drift.map((d) =>
          d.psi === null || d.level === null ? (
            <tr key={d.feature} className="monitor-drift-unused">
              <th scope="row">{d.feature}</th>
              <td className="num">–</td>
              <td colSpan={2}>{NOT_IN_TRAINING_WINDOW}</td>
            </tr>
          ) : (
            <tr key={d.feature} className={`monitor-drift-${d.level}`}>
              <th scope="row">{d.feature}</th>
              <td className="num">{d.psi.toFixed(3)}</td>
              <td>
                {d.level}
                {d.seasonal ? ' (seasonal)' : ''}
              </td>
              <td>
                {d.movers
                  .map(
                    (m) => `${m.category}: ${(m.before * 100).toFixed(1)} → ${(m.after * 100).toFixed(1)} %`,
                  )
                  .join('; ')}
              </td>
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}

export function NewCategoriesTable({ report }: { report: MonitorReport }) {
  return (
    <table className="table">
      <caption>Values the model never saw in its training window</caption>
      <thead>
        <tr>
          <th scope="col">Feature</th>
          <th scope="col">Value</th>
          <th scope="col" className="num">
            Vehicles
          </th>
          <th scope="col">First seen</th>
        </tr>
      </thead>
      <tbody>
        {report.newCategories.map((c) => (
          <tr key={`${c.feature}:${c.category}`}>
            <td>{c.feature}</td>
            <th scope="row">{c.category}</th>
            <td className="num">{formatCount(c.vehicles)}</td>
            <td>{c.firstMonth ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
