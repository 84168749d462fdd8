import { useCallback } from 'react';
import { useApi } from '../../api';
import { ErrorMessage } from '../../components/Alert';
import { DemoBadge } from '../../components/Badge';
import { Dialog } from '../../components/Dialog';
import { formatDateTime } from '../../format';
import { useResult } from '../../hooks/useResult';
import type { AboutInfo, FleetStatus } from '../../../../contract/index.js';
import { FleetAbout } from '../fleet/FleetAbout';
import { AuditExport } from './AuditExport';

function AboutBody({ info, fleet }: { info: AboutInfo; fleet: FleetStatus | null }) {
  return (
    <>
      <dl className="about">
        <dt>Version</dt>
        <dd>Pump ETA {info.appVersion}</dd>
        <dt>Model in service</dt>
        <dd>
          {info.model ? (
            <>
              <code>{info.model.id}</code> {info.model.isDemo ? <DemoBadge /> : null}
              <div className="muted small">trained {formatDateTime(info.model.createdAt)}</div>
            </>
          ) : (
            'none'
          )}
        </dd>
        <dt>Database</dt>
        <dd>
          <code className="path">{info.databasePath}</code>
          {info.databaseNote ? <p className="muted small">{info.databaseNote}</p> : null}
        </dd>
        {Object.entries(info.versions).map(([name, version]) => (
          <div key={name} className="about-version">
            <dt>{name}</dt>
            <dd>{version}</dd>
          </div>
        ))}
        <dt>Prediction log</dt>
        <dd>kept {info.predictionLogRetentionDays} days</dd>
      </dl>
      <FleetAbout about={info.fleet} status={fleet} />
      <AuditExport retentionDays={info.predictionLogRetentionDays} />
    </>
  );
}

function AboutContent({ fleet }: { fleet: FleetStatus | null }) {
  const api = useApi();
  const load = useCallback(() => api.about(), [api]);
  const about = useResult(load);
  return (
    <>
      <ErrorMessage error={about.error} />
      {about.value ? <AboutBody info={about.value} fleet={fleet} /> : <p>Loading…</p>}
    </>
  );
}

export function AboutDialog({
  open,
  onClose,
  fleet = null,
}: {
  open: boolean;
  onClose: () => void;
  /** The fleet status as the header shows it. */
  fleet?: FleetStatus | null;
}) {
  return (
    <Dialog
      open={open}
      title="About Pump ETA"
      onClose={onClose}
      actions={
        <button type="button" className="button button-primary" onClick={onClose}>
          Close
        </button>
      }
    >
      {open ? <AboutContent fleet={fleet} /> : null}
    </Dialog>
  );
}
