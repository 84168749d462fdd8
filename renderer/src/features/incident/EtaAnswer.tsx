import { Alert } from '../../components/Alert';
import { DemoBadge } from '../../components/Badge';
import { formatDistance, formatMinSec, formatPercent, formatSeconds } from '../../format';
import type { Prediction } from '../../../../preload/contract';

type TargetState = 'met' | 'borderline' | 'missed';

/** Met: the estimate and its upper bound are within target. Borderline: only the estimate is. */
export function targetState(
  p: Pick<Prediction, 'meetsTarget' | 'p90Seconds' | 'targetSeconds'>,
): TargetState {
  if (!p.meetsTarget) return 'missed';
  return p.p90Seconds > p.targetSeconds ? 'borderline' : 'met';
}

const TARGET_TEXT: Record<TargetState, { mark: string; text: string }> = {
  met: { mark: '✓', text: 'Target met: within 6 minutes' },
  borderline: { mark: '✓', text: 'Target likely met — but the upper bound is beyond 6 minutes' },
  missed: { mark: '!', text: 'Target likely missed: over 6 minutes' },
};

function TargetLine({ prediction }: { prediction: Prediction }) {
  const state = targetState(prediction);
  return (
    <div className={`target target-${state}`} data-testid="target" data-state={state}>
      <span className="target-mark" aria-hidden="true">
        {TARGET_TEXT[state].mark}
      </span>
      {TARGET_TEXT[state].text}
    </div>
  );
}

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

      <div className="eta" data-testid="eta" data-seconds={Math.round(p.etaSeconds)}>
        <span className="eta-clock">{formatMinSec(p.etaSeconds)}</span>
        <span className="eta-seconds">{formatSeconds(p.etaSeconds)}</span>
      </div>
      <div className="eta-caption">estimated attendance time</div>

      <dl className="answer-facts">
        <div>
          <dt>P90 upper bound</dt>
          <dd data-testid="p90" data-seconds={Math.round(p.p90Seconds)}>
            {formatMinSec(p.p90Seconds)} <span className="muted">({formatSeconds(p.p90Seconds)})</span>
          </dd>
        </div>
        <div>
          <dt>LFB target</dt>
          <dd>
            {formatMinSec(p.targetSeconds)} <span className="muted">({formatSeconds(p.targetSeconds)})</span>
          </dd>
        </div>
        <div>
          <dt>Chance within target</dt>
          <dd data-testid="within-target" data-probability={p.withinTargetProbability}>
            {formatPercent(p.withinTargetProbability)}
          </dd>
        </div>
      </dl>

      <TargetLine prediction={p} />

      {p.underestimationRisk || p.beyondExperience ? (
        <Alert
          tone="warning"
          title={p.underestimationRisk ? 'This estimate may be too low' : 'Beyond the model’s experience'}
        >
          <ul className="reasons">
            {p.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </Alert>
      ) : null}

      <div className="answer-foot muted">
        Model {p.modelId}
        {p.resolvedLocation.description ? ` · placed at ${p.resolvedLocation.description}` : ''}
        {p.resolvedLocation.stationGround ? ` · ground: ${p.resolvedLocation.stationGround}` : ''} · E{' '}
        {Math.round(p.resolvedLocation.easting)} N {Math.round(p.resolvedLocation.northing)}
      </div>
    </section>
  );
}
