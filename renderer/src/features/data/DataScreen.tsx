import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../api';
import { Alert, ErrorMessage } from '../../components/Alert';
import { ConfirmDialog } from '../../components/Dialog';
import type { DataSummary, UndoResult } from '../../../../contract/index.js';
import { undoneText, undoPlanText } from '../../../../contract/counts.js';
import { storedWeatherText } from '../../../../contract/weather.js';
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

type ImportRow = DataSummary['imports'][number];

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Undo asks first, saying what it will do: remove what the import added, restore what it changed. */
function UndoDialog({
  row,
  busy,
  onConfirm,
  onCancel,
}: {
  row: ImportRow | null;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <ConfirmDialog
      open={row !== null}
      title={row ? `Undo import ${row.id} (${row.fileName})?` : 'Undo import'}
      confirmLabel="Undo import"
      danger
      busy={busy}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      {row ? (
        <p>
          {undoPlanText(row)} Models in service and their history are not changed; retrain to learn from the
          history as it will be.
        </p>
      ) : null}
    </ConfirmDialog>
  );
}

/** What the history database holds: counts, the date range covered, and every import (with undo). */
export function DataScreen({
  active,
  refreshKey,
  onUndone = () => undefined,
}: {
  active: boolean;
  refreshKey: number;
  /** An import was undone: whatever else shows the history reads it again. */
  onUndone?: () => void;
}) {
  const api = useApi();
  const load = useCallback(() => api.dataSummary(), [api]);
  const summary = useResult(load);
  const { reload } = summary;
  useEffect(() => {
    if (active) reload();
  }, [active, refreshKey, reload]);
  const [undoing, setUndoing] = useState<ImportRow | null>(null);
  const [busy, setBusy] = useState(false);
  const [undoError, setUndoError] = useState<string | null>(null);
  const [undone, setUndone] = useState<UndoResult | null>(null);
  const undo = async () => {
    if (!undoing) return;
    setBusy(true);
    const result = await api.undoImport(undoing.id);
    setBusy(false);
    setUndoing(null);
    setUndoError(result.ok ? null : result.error);
    setUndone(result.ok ? result.value : null);
    reload();
    if (result.ok) onUndone();
  };

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
            <p className="data-weather">
              <strong>Weather:</strong> {storedWeatherText(data.weather)}
            </p>
          </>
        ) : null}
      </section>
      <section className="panel data-imports" aria-label="Imported files">
        <h2 className="panel-title">Imported files</h2>
        <ErrorMessage error={undoError} title="The import was not undone" />
        {undone ? (
          <Alert tone="info" title={`Import ${undone.id} undone`}>
            {capitalised(undoneText(undone))}
          </Alert>
        ) : null}
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
                  New
                </th>
                <th scope="col" className="num">
                  Corrected
                </th>
                <th scope="col" className="num">
                  Unchanged
                </th>
                <th scope="col" className="num">
                  Rejected
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {data.imports.map((file) => (
                <tr key={file.id} className={file.undoneAt ? 'import-undone' : undefined}>
                  <td className="file-name">{file.fileName}</td>
                  <td>{file.kind}</td>
                  <td>{formatDateTime(file.finishedAt)}</td>
                  <td className="num">{formatCount(file.rowsImported)}</td>
                  <td className="num">{formatCount(file.rowsChanged)}</td>
                  <td className="num">{formatCount(file.rowsDuplicate)}</td>
                  <td className="num">{formatCount(file.rowsRejected)}</td>
                  <td className="import-status">
                    {file.undoneAt ? (
                      `undone ${formatDateTime(file.undoneAt)}`
                    ) : (
                      <>
                        {file.acceptPartial ? 'accepted as partial ' : null}
                        <button
                          type="button"
                          className="button button-small"
                          aria-label={`Undo import ${file.id} (${file.fileName})`}
                          onClick={() => setUndoing(file)}
                        >
                          Undo…
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <UndoDialog row={undoing} busy={busy} onConfirm={() => void undo()} onCancel={() => setUndoing(null)} />
    </div>
  );
}
