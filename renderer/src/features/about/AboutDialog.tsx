import { useCallback } from 'react';
import { useApi } from '../../api';
import { ErrorMessage } from '../../components/Alert';
import { DemoBadge } from '../../components/Badge';
import { Dialog } from '../../components/Dialog';
import { formatDateTime } from '../../format';
import { useResult } from '../../hooks/useResult';
import { AuditExport } from './AuditExport';
import type { AboutInfo } from '../../../../contract/index.js';

function AboutBody({ info }: { info: AboutInfo }) {
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
      <AuditExport retentionDays={info.predictionLogRetentionDays} />
    </>
  );
}

function AboutContent() {
  const api = useApi();
  const load = useCallback(() => api.about(), [api]);
  const about = useResult(load);
  return (
    <>
      <ErrorMessage error={about.error} />
      {about.value ? <AboutBody info={about.value} /> : <p>Loading…</p>}
    </>
  );
}

export function AboutDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
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
      {open ? <AboutContent /> : null}
    </Dialog>
  );
}
