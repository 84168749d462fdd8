import { MANY_PUMPS, PUMP_COUNT_LABELS, type PumpsAnswer } from '../../../../contract/index.js';
import { formatPercent } from '../../format';

/**
 * How many pumps the incident will need: the one-line summary, then the distribution as a list of
 * bars. Each bar's count and percent are text, so a screen reader reads the list as it is shown; the
 * bars the summary names (one count, or a run of counts when none is clearly ahead) are highlighted,
 * and a material chance of 4 or more the headline leaves out marks the summary and the 4 and 5+ bars
 * as a warning, so a big-fire tail is seen beside the likelier small answer.
 */
export function PumpsNeeded({ pumps }: { pumps: PumpsAnswer | undefined }) {
  if (!pumps || !pumps.available) {
    return (
      <p className="pumps-needed muted" data-testid="pumps-none">
        Pumps needed: {pumps ? pumps.reason : 'no estimate from this model'}
      </p>
    );
  }
  return (
    <section className="pumps-needed" aria-label="Pumps needed" data-testid="pumps">
      <p
        className={pumps.fourOrMoreMaterial ? 'pumps-summary pumps-summary-tail' : 'pumps-summary'}
        data-testid="pumps-summary"
        data-tail={pumps.fourOrMoreMaterial}
      >
        {pumps.summary}
      </p>
      {pumps.caveat ? (
        <p className="pumps-caveat" data-testid="pumps-caveat">
          Pumps needed is {pumps.caveat}.
        </p>
      ) : null}
      <ul className="pumps-bars" aria-label="Chance of each number of pumps">
        {pumps.probabilities.map((p, k) => {
          const label = PUMP_COUNT_LABELS[k]!;
          const named = k + 1 >= pumps.likely.from && k + 1 <= pumps.likely.to;
          const tail = pumps.fourOrMoreMaterial && k + 1 >= MANY_PUMPS;
          const classes = ['pumps-bar', named ? 'pumps-bar-top' : '', tail ? 'pumps-bar-tail' : ''];
          return (
            <li
              key={label}
              className={classes.filter(Boolean).join(' ')}
              data-testid="pumps-bar"
              data-probability={p}
              data-likely={named}
              data-tail={tail}
            >
              <span className="pumps-bar-label">
                {label} {label === '1' ? 'pump' : 'pumps'}
              </span>
              <span className="pumps-bar-track" aria-hidden="true">
                <span className="pumps-bar-fill" style={{ width: `${Math.round(p * 100)}%` }} />
              </span>
              <span className="pumps-bar-value">{formatPercent(p)}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
