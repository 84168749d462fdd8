import { useCallback } from 'react';
import { ErrorMessage } from '../../components/Alert';
import { formatDateTime } from '../../format';
import { useResult } from '../../hooks/useResult';
import type { FleetStatus } from '../../../../contract/index.js';
import { useFleetApi } from './fleetApi';
import { ROLE_LABELS } from './fleetText';

/** About's fleet part: the settings as saved, this workstation's key, and the last look at the folder. */
export function FleetAbout({ status }: { status: FleetStatus | null }) {
  const api = useFleetApi();
  const load = useCallback(() => api.getSettings(), [api]);
  const settings = useResult(load);
  const fleet = settings.value?.fleet;
  return (
    <section aria-label="Fleet" className="about-fleet">
      <h3 className="about-section-title">Fleet</h3>
      <ErrorMessage error={settings.error} title="The settings could not be read" />
      {settings.value && fleet ? (
        <dl className="about">
          <dt>Role</dt>
          <dd>{ROLE_LABELS[fleet.role]}</dd>
          <dt>Shared folder</dt>
          <dd>{fleet.folder ? <code className="path">{fleet.folder}</code> : 'none'}</dd>
          <dt>Key fingerprint</dt>
          <dd>{status?.keyFingerprint ? <code>{status.keyFingerprint}</code> : 'no key configured'}</dd>
          {fleet.role === 'publish' ? (
            <>
              <dt>Publisher name</dt>
              <dd>{fleet.publisherName}</dd>
              <dt>Publish on promotion</dt>
              <dd>{fleet.publishOnPromote ? 'yes' : 'no'}</dd>
            </>
          ) : null}
          <dt>Check interval</dt>
          <dd>every {fleet.checkMinutes} min</dd>
          <dt>Last check</dt>
          <dd>
            {status?.lastCheckAt ? formatDateTime(status.lastCheckAt) : 'never'}
            {status ? <div className="muted small">{status.message}</div> : null}
          </dd>
          <dt>Prediction log</dt>
          <dd>places kept for {settings.value.retentionDays} days</dd>
        </dl>
      ) : settings.error ? null : (
        <p>Loading…</p>
      )}
    </section>
  );
}
