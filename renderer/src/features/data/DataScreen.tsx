import { useCallback, useEffect } from 'react';
import { useApi } from '../../api';
import { Alert, ErrorMessage } from '../../components/Alert';
import { formatCount, formatDateTime, formatRange } from '../../format';
import { useResult } from '../../hooks/useResult';
import './data.css';

const COUNT_LABELS: Readonly<Record<string, string>> = {
  incidents: 'Incidents',
  mobilisations: 'Mobilisations',
  stations: 'Stations',
  weather: 'Weather rows',
  imports: 'Files imported',
  trainingRows: 'Training rows',
};

function label(key: string): string {
  return COUNT_LABELS[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

/** What the history database holds: counts, the date range covered, and every imported file. */
export function DataScreen({ active, refreshKey }: { active: boolean; refreshKey: number }) {
  const api = useApi();
  const load = useCallback(() => api.dataSummary(), [api]);
  const summary = useResult(load);
  const { reload } = summary;
  useEffect(() => {
    if (active) reload();
  }, [active, refreshKey, reload]);

  const data = summary.value;
  return (
    <div className="data">
      <section className="panel data-overview" aria-label="Data overview">
        <h2 className="panel-title">History database</h2>
        <ErrorMessage error={summary.error} title="The data summary could not be read" />
        {data ? (
          <>
            <p className="data-range">
              Calls from <strong>{formatRange(data.range.from, data.range.to)}</strong>
            </p>
            <dl className="stat-cards">
              {Object.entries(data.counts).map(([key, value]) => (
                <div className="stat-card" key={key}>
                  <dt>{label(key)}</dt>
                  <dd>{formatCount(value)}</dd>
                </div>
              ))}
            </dl>
          </>
        ) : null}
      </section>
      <section className="panel data-imports" aria-label="Imported files">
        <h2 className="panel-title">Imported files</h2>
        {data && data.imports.length === 0 ? (
          <Alert tone="info" title="Nothing imported yet">
            Drop LFB Incident or Mobilisation files on the window to build the history the models learn from.
          </Alert>
        ) : null}
        {data && data.imports.length > 0 ? (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Kind</th>
                <th scope="col">Imported at</th>
                <th scope="col" className="num">
                  Rows imported
                </th>
                <th scope="col" className="num">
                  Duplicates
                </th>
                <th scope="col" className="num">
                  Rejected
                </th>
              </tr>
            </thead>
            <tbody>
              {data.imports.map((file) => (
                <tr key={file.id}>
                  <td className="file-name">{file.fileName}</td>
                  <td>{file.kind}</td>
                  <td>{formatDateTime(file.finishedAt)}</td>
                  <td className="num">{formatCount(file.rowsImported)}</td>
                  <td className="num">{formatCount(file.rowsDuplicate)}</td>
                  <td className="num">{formatCount(file.rowsRejected)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </div>
  );
}
