import { Alert } from '../../components/Alert';
import { formatDateTime } from '../../format';
import type { FleetAbout as FleetAboutInfo, FleetStatus } from '../../../../contract/index.js';
import { ROLE_LABELS } from './fleetText';

/**
 * About's fleet part: the settings in force and where they are kept, this workstation's key, and the
 * last look at the shared folder (the header's live status when there is one: it may be newer).
 */
export function FleetAbout({ about, status }: { about: FleetAboutInfo; status: FleetStatus | null }) {
  const { settings } = about;
  const { fleet } = settings;
  const live = status ?? about.status;
  return (
    <section aria-label="Fleet" className="about-fleet">
      <h3 className="about-section-title">Fleet</h3>
      {about.settingsWarning ? <Alert tone="warning" title={about.settingsWarning} /> : null}
      <dl className="about">
        <dt>Role</dt>
        <dd>{ROLE_LABELS[fleet.role]}</dd>
        <dt>Shared folder</dt>
        <dd>{fleet.folder ? <code className="path">{fleet.folder}</code> : 'none'}</dd>
        <dt>Key fingerprint</dt>
        <dd>{live.keyFingerprint ? <code>{live.keyFingerprint}</code> : 'no key configured'}</dd>
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
          {live.lastCheckAt ? formatDateTime(live.lastCheckAt) : 'never'}
          <div className="muted small">{live.message}</div>
        </dd>
        <dt>Prediction log</dt>
        <dd>places kept for {settings.retentionDays} days</dd>
        <dt>Settings file</dt>
        <dd>
          <code className="path">{about.settingsFile}</code>
        </dd>
      </dl>
    </section>
  );
}
