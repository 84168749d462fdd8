import { formatDistance, formatMinSec, formatPercent } from '../../format';
import { targetVerdict, TARGET_VERDICT_WORDS, type Prediction } from '../../../../contract/index.js';

const RISK_TEXT = 'may be underestimated';
const FAR_TEXT = 'beyond the model’s experience';

/**
 * The row's warnings, in a column of their own: a long station name is truncated on its own and can never
 * push a warning out of sight. Each mark's full sentence is its tooltip; screen readers hear the words.
 */
function RowMarks({ station }: { station: Prediction }) {
  const farReason = station.reasons.at(-1) ?? FAR_TEXT;
  return (
    <span className="ranking-marks">
      {station.underestimationRisk ? (
        <span className="ranking-risk" title={`${RISK_TEXT}: ${station.reasons.join(' ')}`}>
          <span aria-hidden="true">⚠</span>
          <span className="visually-hidden"> {RISK_TEXT}</span>
        </span>
      ) : null}
      {station.beyondExperience ? (
        <span className="ranking-far" title={`${FAR_TEXT}: ${farReason}`}>
          <span aria-hidden="true">FAR</span>
          <span className="visually-hidden"> {FAR_TEXT}</span>
        </span>
      ) : null}
    </span>
  );
}

/**
 * Every station's ETA for this incident, fastest first; choosing one makes it the deploying station. The
 * pumps needed do not depend on the station, so they are said once above the list; an ETA is marked
 * late by the same verdict the answer and `pump-eta rank` give (the chance of arriving within 6 minutes).
 */
export function StationRanking({
  stations,
  selectedCode,
  onSelect,
  stale,
}: {
  stations: readonly Prediction[];
  selectedCode: string | null;
  onSelect: (code: string) => void;
  stale: boolean;
}) {
  return (
    <section className={stale ? 'ranking answer-stale' : 'ranking'} aria-label="Stations ranked by ETA">
      <h2 className="panel-title">
        Stations by ETA <span className="muted">({stations.length})</span>
      </h2>
      {stations[0]?.pumps?.available ? (
        <p className="ranking-pumps" data-testid="ranking-pumps">
          Pumps needed: {stations[0].pumps.summary}
          {stations[0].pumps.caveat ? ` — ${stations[0].pumps.caveat}` : ''}
        </p>
      ) : null}
      <ol className="ranking-list">
        {stations.map((s, index) => {
          const selected = s.station.code === selectedCode;
          const verdict = targetVerdict(s);
          return (
            <li key={s.station.code}>
              <button
                type="button"
                className={selected ? 'ranking-row ranking-row-selected' : 'ranking-row'}
                aria-pressed={selected}
                title={`Deploy from ${s.station.name}`}
                onClick={() => onSelect(s.station.code)}
              >
                <span className="ranking-rank">{index + 1}</span>
                <span className="ranking-station">
                  <span className="ranking-name" title={s.station.name}>
                    {s.station.name}
                  </span>
                  <span className="ranking-dist muted">{formatDistance(s.distanceMetres)}</span>
                </span>
                <RowMarks station={s} />
                {/* The ETA with its upper bound beneath: one column, so the name keeps the room. */}
                <span className="ranking-times">
                  <span
                    className={verdict === 'missed' ? 'ranking-eta ranking-eta-late' : 'ranking-eta'}
                    data-verdict={verdict}
                  >
                    {formatMinSec(s.etaSeconds)}
                  </span>
                  <span className="ranking-p90 muted">P90 {formatMinSec(s.p90Seconds)}</span>
                </span>
                <span
                  className="ranking-chance muted"
                  title={`Chance of arriving within 6 minutes: ${formatPercent(s.withinTargetProbability)} (target ${TARGET_VERDICT_WORDS[verdict]})`}
                >
                  {formatPercent(s.withinTargetProbability)}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
