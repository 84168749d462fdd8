import { Badge, DemoBadge } from '../../components/Badge';
import { formatCount, formatDate, formatDateTime } from '../../format';
import type { ModelSummary } from '../../../../contract/index.js';
import { byNewest, formatMetricValue } from './modelInfo';

export interface HistoryActions {
  readonly onCompare: (model: ModelSummary) => void;
  readonly onPromote: (model: ModelSummary) => void;
  readonly onRollback: (model: ModelSummary) => void;
}

function statusBadge(model: ModelSummary) {
  switch (model.status) {
    case 'champion':
      return <Badge tone="accent">★ Champion</Badge>;
    case 'candidate':
      return <Badge tone="neutral">Candidate</Badge>;
    case 'retired':
      return <Badge tone="neutral">Retired</Badge>;
    default: {
      const unexpected: never = model.status;
      return <Badge>{String(unexpected)}</Badge>;
    }
  }
}

/** Every model, newest first, the champion marked; each row offers what makes sense for its status. */
export function ModelHistory({
  models,
  actions,
  busy,
  locked = null,
}: {
  models: readonly ModelSummary[];
  actions: HistoryActions;
  busy: boolean;
  /** Why promote and rollback are not for this workstation (it follows the control room), or null. */
  locked?: string | null;
}) {
  return (
    <table className="table models-table">
      <caption className="visually-hidden">Model history</caption>
      <thead>
        <tr>
          <th scope="col">Model</th>
          <th scope="col">Trained on</th>
          <th scope="col" className="num">
            MAE
          </th>
          <th scope="col" className="num">
            P90
          </th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {byNewest(models).map((model) => (
          <tr
            key={model.id}
            className={model.status === 'champion' ? 'row-champion' : undefined}
            data-model-id={model.id}
          >
            <td>
              <code className="model-id">{model.id}</code>
              <div className="badges">
                {statusBadge(model)}
                {model.forcedPromotion ? (
                  <Badge tone="warn" title="Put in service against the comparison's decision (recorded)">
                    Forced
                  </Badge>
                ) : null}
                {model.isDemo ? <DemoBadge /> : null}
              </div>
              <div className="muted small">{formatDateTime(model.createdAt)}</div>
            </td>
            <td>
              {model.trainedFrom || model.trainedTo
                ? `${formatDate(model.trainedFrom)} – ${formatDate(model.trainedTo)}`
                : 'generated data'}
              {model.rows > 0 ? <div className="muted small">{formatCount(model.rows)} rows</div> : null}
            </td>
            <td className="num">{formatMetricValue('mae', model.metrics.mae)}</td>
            <td className="num">{formatMetricValue('p90Coverage', model.metrics.p90Coverage)}</td>
            <td className="row-actions">
              {model.status === 'candidate' ? (
                <>
                  <button
                    type="button"
                    className="button button-small"
                    disabled={busy}
                    onClick={() => actions.onCompare(model)}
                  >
                    Compare
                  </button>
                  <button
                    type="button"
                    className="button button-small"
                    disabled={busy || locked !== null}
                    title={locked ?? undefined}
                    onClick={() => actions.onPromote(model)}
                  >
                    Promote…
                  </button>
                </>
              ) : null}
              {model.status === 'retired' ? (
                <button
                  type="button"
                  className="button button-small"
                  disabled={busy || locked !== null}
                  title={locked ?? undefined}
                  onClick={() => actions.onRollback(model)}
                >
                  Roll back to this…
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
