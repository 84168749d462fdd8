import { useCallback, useEffect, useState } from 'react';
import { Alert, ErrorMessage } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { ConfirmDialog } from '../../components/Dialog';
import { formatDateTime, formatRange } from '../../format';
import { useResult } from '../../hooks/useResult';
import type {
  FleetStatus,
  OtherKeyPublication,
  Publication,
  PublicationReason,
} from '../../../../contract/index.js';
import { formatMetricValue } from '../models/modelInfo';
import { useFleetApi } from './fleetApi';
import './fleet.css';

const NOT_IN_FLEET = 'This workstation is not in a fleet: set a shared folder in Settings.';

const REASONS: Readonly<Record<PublicationReason, string>> = {
  promote: 'on promotion',
  rollback: 'on rollback',
  manual: 'by hand',
};

function PublicationRow({
  publication,
  current,
  served,
}: {
  publication: Publication;
  current: boolean;
  /** This workstation answers with this publication's model (after a refusal, not the current one). */
  served: boolean;
}) {
  return (
    <tr data-model-id={publication.modelId} className={current ? 'publication-current' : undefined}>
      <td>
        <code className="model-id">{publication.modelId}</code>{' '}
        {current ? <Badge tone="accent">Current</Badge> : null}{' '}
        {served ? <Badge tone="ok">In service here</Badge> : null}
      </td>
      <td>
        {formatDateTime(publication.publishedAt)}
        <div className="muted small">
          by {publication.publishedBy}
          {publication.user ? ` (${publication.user})` : ''} · {REASONS[publication.reason]} · publication{' '}
          {publication.sequence}
        </div>
      </td>
      <td>{formatRange(publication.trainedFrom, publication.trainedTo)}</td>
      <td className="num">{formatMetricValue('mae', publication.metrics.mae)}</td>
    </tr>
  );
}

/** Earlier publications signed by another key (before a rotation): listed for the record, not as faults. */
function OtherKeyList({ entries }: { entries: readonly OtherKeyPublication[] }) {
  if (entries.length === 0) return null;
  return (
    <ul className="reasons muted small" data-testid="publication-other-key">
      {entries.map((entry) => (
        <li key={`${entry.sequence}-${entry.modelId}`}>
          Publication {entry.sequence}: model <code className="model-id">{entry.modelId}</code>,{' '}
          {formatDateTime(entry.publishedAt)}, key {entry.keyFingerprint} — {entry.note}
        </li>
      ))}
    </ul>
  );
}

/** The current publication first, then the earlier ones (newest first), without repeating the current. */
export function orderedPublications(
  current: Publication | null,
  history: readonly Publication[],
): Publication[] {
  const rest = history.filter((p) => p.sequence !== current?.sequence);
  return current ? [current, ...rest] : rest;
}

/**
 * The Models screen's view of the shared folder: what is published there (current first), what was refused
 * and, on the publishing workstation, publishing the model in service by hand.
 */
export function PublicationsPanel({
  status,
  servedModelId = null,
  refreshKey,
  onPublished,
}: {
  status: FleetStatus | null;
  /** The model this workstation answers with. */
  servedModelId?: string | null;
  /** Changes when the folder may have changed (a fleet event, a promotion here). */
  refreshKey: number;
  onPublished: () => void;
}) {
  const api = useFleetApi();
  const load = useCallback(() => api.publications(), [api]);
  const list = useResult(load);
  const { reload } = list;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    if (refreshKey > 0) reload();
  }, [refreshKey, reload]);

  const folder = status?.folder ?? list.value?.folder ?? null;
  const inFleet = status !== null && status.role !== 'off' && folder !== null;

  // Read when the dialog opened: the confirmation names the key rotation this publication would be.
  const keyChange = list.value?.keyChange ?? null;
  const publish = async () => {
    setBusy(true);
    setResult(null);
    try {
      const published = await api.publish(undefined, keyChange ? { newKey: true } : {});
      setResult(
        published.ok
          ? {
              ok: true,
              text: `Model ${published.value.modelId} was published to ${folder ?? 'the shared folder'}: following workstations take it at their next check.`,
            }
          : { ok: false, text: published.error },
      );
      if (published.ok) onPublished();
    } catch (error) {
      setResult({ ok: false, text: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
      setConfirming(false);
      reload();
    }
  };

  const rows = list.value ? orderedPublications(list.value.current, list.value.history) : [];
  return (
    <section className="panel publications" aria-label="Publications">
      <div className="panel-head">
        <h2 className="panel-title">Publications</h2>
        {status?.role === 'publish' ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => setConfirming(true)}
            disabled={busy || folder === null}
          >
            Publish the model in service…
          </button>
        ) : null}
      </div>
      {result ? (
        result.ok ? (
          <Alert tone="success" title={result.text} />
        ) : (
          <ErrorMessage error={result.text} title="Not published" />
        )
      ) : null}
      {!inFleet ? (
        <p className="muted">{NOT_IN_FLEET}</p>
      ) : (
        <>
          <p className="muted small">
            Shared folder <code className="path">{folder}</code>
          </p>
          {status.role === 'publish' && status.outcome === 'behind' ? (
            <div data-testid="fleet-behind">
              <Alert tone="warning" title={status.message}>
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => setConfirming(true)}
                  disabled={busy}
                >
                  Publish it…
                </button>
              </Alert>
            </div>
          ) : null}
          {/* A publisher's last publication (by hand or on promotion), or why it failed. */}
          {status.role === 'publish' &&
          (status.outcome === 'published' || status.outcome === 'unreachable') ? (
            <p className="small" data-testid="publish-status">
              {status.message}
            </p>
          ) : null}
          <ErrorMessage error={list.error} title="The shared folder could not be read" />
          {list.value && rows.length === 0 ? (
            <p className="muted">Nothing has been published in this folder yet.</p>
          ) : null}
          {rows.length > 0 ? (
            <table className="table">
              <caption className="visually-hidden">Publications in the shared folder</caption>
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col">Published</th>
                  <th scope="col">Trained on</th>
                  <th scope="col" className="num">
                    MAE
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((publication, index) => (
                  <PublicationRow
                    key={publication.sequence}
                    publication={publication}
                    current={index === 0 && list.value?.current !== null}
                    served={publication.modelId === servedModelId}
                  />
                ))}
              </tbody>
            </table>
          ) : null}
          {list.value ? <OtherKeyList entries={list.value.otherKey} /> : null}
          {list.value && list.value.problems.length > 0 ? (
            <Alert tone="warning" title="Refused in the shared folder">
              <ul className="reasons" data-testid="publication-problems">
                {list.value.problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            </Alert>
          ) : null}
        </>
      )}
      <ConfirmDialog
        open={confirming}
        title={keyChange ? 'Publish with a new key?' : 'Publish the model in service?'}
        confirmLabel={keyChange ? 'Publish with the new key' : 'Publish'}
        busy={busy}
        onCancel={() => setConfirming(false)}
        onConfirm={() => void publish()}
      >
        {keyChange ? (
          <p className="warning-text" data-testid="key-change">
            {keyChange}
          </p>
        ) : null}
        <p>
          The model in service is signed and written to <code className="path">{folder}</code>. Every
          workstation that follows this folder serves it from its next check.
        </p>
      </ConfirmDialog>
    </section>
  );
}
