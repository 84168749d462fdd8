import { formatDistance, formatMinSec, formatPercent } from '../../format';
import type { Prediction } from '../../../../preload/contract';

/** Every station's ETA for this incident, fastest first; choosing one makes it the deploying station. */
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
      <ol className="ranking-list">
        {stations.map((s, index) => {
          const selected = s.station.code === selectedCode;
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
                  <span className="ranking-name">
                    {s.station.name}
                    {s.underestimationRisk ? (
                      <span className="ranking-risk" title={s.reasons.join(' ')}>
                        {' '}
                        ⚠<span className="visually-hidden"> may be underestimated</span>
                      </span>
                    ) : null}
                  </span>
                  <span className="ranking-dist muted">
                    {formatDistance(s.distanceMetres)}
                    {s.beyondExperience ? (
                      <span title={s.reasons.at(-1)}> · beyond the model’s experience</span>
                    ) : null}
                  </span>
                </span>
                <span className={s.meetsTarget ? 'ranking-eta' : 'ranking-eta ranking-eta-late'}>
                  {formatMinSec(s.etaSeconds)}
                </span>
                <span
                  className="ranking-chance muted"
                  title={`Chance of arriving within 6 minutes: ${formatPercent(s.withinTargetProbability)}`}
                >
                  {formatPercent(s.withinTargetProbability)}
                </span>
                <span className="ranking-p90 muted">P90 {formatMinSec(s.p90Seconds)}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
