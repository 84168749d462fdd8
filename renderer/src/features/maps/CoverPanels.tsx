import { useState } from 'react';
import { bandOf, CONTOUR_COLOUR, ETA_BANDS, type CellReading } from './cover';
import type { GridPoint } from './CoverMap';
import type { CoverResult } from '../../../../contract/maps.js';

/** The colours of the best ETA and the 6-minute line, as the exported PNG draws them. */
export function Legend() {
  return (
    <ul className="cover-legend" aria-label="Best ETA">
      {ETA_BANDS.map((band) => (
        <li key={band.label}>
          <svg className="cover-swatch" width="14" height="14" aria-hidden="true">
            <rect width="14" height="14" fill={band.colour} />
          </svg>
          {band.label}
        </li>
      ))}
      <li>
        <svg className="cover-swatch" width="18" height="14" aria-hidden="true">
          <rect width="18" height="14" fill={ETA_BANDS[2]?.colour} />
          <line x1="0" y1="7" x2="18" y2="7" stroke={CONTOUR_COLOUR} strokeWidth="2.5" />
        </svg>
        6 min line
      </li>
    </ul>
  );
}

/** A place's cell in words: typed as grid metres, or picked with a click on the map. */
export function CellReadout({
  cover,
  probe,
  onProbe,
  cell,
  cellText,
}: {
  cover: CoverResult | null;
  probe: GridPoint | null;
  onProbe: (point: GridPoint) => void;
  cell: CellReading | null;
  cellText: string | null;
}) {
  const [easting, setEasting] = useState('');
  const [northing, setNorthing] = useState('');
  const read = () => {
    const e = Number(easting);
    const n = Number(northing);
    if (easting.trim() && northing.trim() && Number.isFinite(e) && Number.isFinite(n))
      onProbe({ easting: e, northing: n });
  };
  return (
    <section className="cover-readout" aria-label="Read a place">
      <h3 className="cover-readout-title">Read a place</h3>
      <form
        className="cover-readout-form"
        onSubmit={(event) => {
          event.preventDefault();
          read();
        }}
      >
        <label>
          <span className="field-label">Easting</span>
          <input
            className="input"
            inputMode="numeric"
            value={easting}
            onChange={(e) => setEasting(e.target.value)}
          />
        </label>
        <label>
          <span className="field-label">Northing</span>
          <input
            className="input"
            inputMode="numeric"
            value={northing}
            onChange={(e) => setNorthing(e.target.value)}
          />
        </label>
        <button type="submit" className="button button-small">
          Read
        </button>
      </form>
      <output
        className="cover-cell"
        data-testid="cover-cell"
        aria-live="polite"
        data-seconds={cell?.etaSeconds ?? undefined}
        data-station={cell?.station?.code ?? undefined}
        data-colour={cell?.etaSeconds != null ? bandOf(cell.etaSeconds).colour : undefined}
      >
        {!probe
          ? 'Click the map or enter a grid reference to read a place.'
          : !cover
            ? ''
            : cell
              ? // The grid answers for a square's centre, not for the exact point: the reading says so.
                `${probe.easting}, ${probe.northing} lies in the ${cover.cellMetres} m square centred at ` +
                `${Math.round(cell.easting)}, ${Math.round(cell.northing)}: ${cellText ?? ''} (at the ` +
                `square's centre; the Incident screen answers for an exact place)`
              : `${probe.easting}, ${probe.northing} is outside the grid.`}
      </output>
    </section>
  );
}
