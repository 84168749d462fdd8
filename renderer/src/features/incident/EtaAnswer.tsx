import { Alert } from '../../components/Alert';
import { DemoBadge } from '../../components/Badge';
import { formatDistance, formatMinSec, formatSeconds } from '../../format';
import type { Prediction } from '../../../../preload/contract';

/** The answer, readable at a glance from across the desk: ETA first, then the bound, target and risk. */
export function EtaAnswer({ prediction, stale }: { prediction: Prediction; stale: boolean }) {
  const p = prediction;
  return (
    <section
      className={stale ? 'answer answer-stale' : 'answer'}
      aria-label="Estimated arrival"
      aria-live="polite"
      aria-busy={stale}
    >
      <div className="answer-head">
        <span className="answer-station">
          {p.station.name} <span className="muted">· {formatDistance(p.distanceMetres)}</span>
        </span>
        {p.isDemoModel ? <DemoBadge /> : null}
      </div>

      <div className="eta" data-testid="eta">
        <span className="eta-clock">{formatMinSec(p.etaSeconds)}</span>
        <span className="eta-seconds">{formatSeconds(p.etaSeconds)}</span>
      </div>
      <div className="eta-caption">estimated attendance time</div>

      <dl className="answer-facts">
        <div>
          <dt>P90 upper bound</dt>
          <dd data-testid="p90">
            {formatMinSec(p.p90Seconds)} <span className="muted">({formatSeconds(p.p90Seconds)})</span>
          </dd>
        </div>
        <div>
          <dt>LFB target</dt>
          <dd>
            {formatMinSec(p.targetSeconds)} <span className="muted">({formatSeconds(p.targetSeconds)})</span>
          </dd>
        </div>
      </dl>

      <div className={p.meetsTarget ? 'target target-met' : 'target target-missed'} data-testid="target">
        <span className="target-mark" aria-hidden="true">
          {p.meetsTarget ? '✓' : '!'}
        </span>
        {p.meetsTarget
          ? p.p90Seconds > p.targetSeconds
            ? 'Target likely met — but the upper bound is beyond 6 minutes'
            : 'Target met: within 6 minutes'
          : 'Target likely missed: over 6 minutes'}
      </div>

      {p.underestimationRisk ? (
        <Alert tone="warning" title="This estimate may be too low">
          <ul className="reasons">
            {p.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </Alert>
      ) : null}

      <div className="answer-foot muted">
        Model {p.modelId}
        {p.resolvedLocation.stationGround ? ` · ground: ${p.resolvedLocation.stationGround}` : ''} · E{' '}
        {Math.round(p.resolvedLocation.easting)} N {Math.round(p.resolvedLocation.northing)}
      </div>
    </section>
  );
}
