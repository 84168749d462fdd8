import { Alert } from '../../components/Alert';
import { DemoBadge } from '../../components/Badge';
import { PumpsNeeded } from './PumpsNeeded';
import { formatDistance, formatMinSec, formatPercent, formatSeconds } from '../../format';
import { targetVerdict, type Prediction, type TargetVerdict } from '../../../../contract/index.js';
import { WeatherAnswerLine } from './WeatherField';

/** The late-arrival margin behind `underestimationProbability` (120 s, see the contract). */
const LATE_MARGIN_MINUTES = 2;

const TARGET_TEXT: Record<TargetVerdict, { mark: string; text: string }> = {
  met: { mark: '✓', text: 'Target likely met' },
  uncertain: { mark: '?', text: 'Target uncertain' },
  missed: { mark: '!', text: 'Target likely missed' },
};

/** The plain fact beside the judgement: where the estimate and its upper bound fall against 6 minutes. */
function targetFact(p: Prediction): string {
  const eta = formatMinSec(p.etaSeconds);
  const p90 = formatMinSec(p.p90Seconds);
  if (!p.meetsTarget) return `Estimate ${eta} is over 6 minutes`;
  return p.p90Seconds > p.targetSeconds
    ? `Estimate ${eta} is within 6 minutes; the upper bound (${p90}) is not`
    : `Estimate ${eta} and its upper bound (${p90}) are within 6 minutes`;
}

function TargetLine({ prediction }: { prediction: Prediction }) {
  const state = targetVerdict(prediction);
  return (
    <>
      <div className={`target target-${state}`} data-testid="target" data-state={state}>
        <span className="target-mark" aria-hidden="true">
          {TARGET_TEXT[state].mark}
        </span>
        {TARGET_TEXT[state].text} ({formatPercent(prediction.withinTargetProbability)} chance)
      </div>
      <div className="target-fact muted" data-testid="target-fact">
        {targetFact(prediction)}
      </div>
      {prediction.targetNote ? (
        <div className="target-fact muted" data-testid="target-note">
          {prediction.targetNote.charAt(0).toUpperCase() + prediction.targetNote.slice(1)}.
        </div>
      ) : null}
    </>
  );
}

function LateChance({ prediction }: { prediction: Prediction }) {
  return (
    <p
      className="late-chance"
      data-testid="late-chance"
      data-probability={prediction.underestimationProbability}
    >
      Chance of arriving over {LATE_MARGIN_MINUTES} min later than estimated:{' '}
      {formatPercent(prediction.underestimationProbability)}
    </p>
  );
}

/**
 * Categories the model could not place (estimated as its "other" group), each in one sentence with the
 * nearest values it knows: the dispatcher sees the answer does not rest on what was typed.
 */
function UnknownCategories({ prediction }: { prediction: Prediction }) {
  const unknown = prediction.unknownCategories ?? [];
  if (unknown.length === 0) return null;
  return (
    <ul className="unknown-categories" aria-label="Details the model does not know">
      {unknown.map((u) => (
        <li key={u.field} data-testid="unknown-category">
          {u.message.charAt(0).toUpperCase() + u.message.slice(1)}.
          {u.closest.length > 0 ? (
            <span className="muted"> Nearest it knows: {u.closest.join('; ')}.</span>
          ) : null}
        </li>
      ))}
    </ul>
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
      {p.isDemoModel && p.demoNotice ? (
        <p className="demo-notice" role="note" data-testid="demo-notice">
          {p.demoNotice}
        </p>
      ) : null}

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
          <dt>Chance within 6 min</dt>
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
          <LateChance prediction={p} />
          <ul className="reasons">
            {p.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </Alert>
      ) : (
        <div className="answer-risk muted">
          <LateChance prediction={p} />
        </div>
      )}

      <UnknownCategories prediction={p} />
      <WeatherAnswerLine prediction={p} />
      <PumpsNeeded pumps={p.pumps} />

      <div className="answer-foot muted">
        Model {p.modelId}
        {p.resolvedLocation.description ? ` · placed at ${p.resolvedLocation.description}` : ''}
        {p.resolvedLocation.stationGround ? ` · ground: ${p.resolvedLocation.stationGround}` : ''} · E{' '}
        {Math.round(p.resolvedLocation.easting)} N {Math.round(p.resolvedLocation.northing)}
      </div>
    </section>
  );
}
