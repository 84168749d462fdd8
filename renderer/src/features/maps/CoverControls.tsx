import { DateField, Field } from '../../components/Field';
import type { StationPoint } from '../../../../contract/maps.js';

/** Cell sizes offered: 500 m by default; finer shows streets, coarser answers at once. */
export const CELL_SIZES = [250, 500, 1000] as const;
export const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
/** Rows the "stations unavailable" list shows before it scrolls. */
const UNAVAILABLE_ROWS = 8;

export interface CoverSettings {
  /** yyyy-mm-dd, London. */
  readonly date: string;
  readonly hour: number;
  readonly cellMetres: number;
  /** Station codes taken out. */
  readonly without: readonly string[];
}

/** The call time the core reads as London wall-clock time. */
export function settingsCallTime(settings: CoverSettings): string {
  return `${settings.date}T${String(settings.hour).padStart(2, '0')}:00`;
}

export function CoverControls({
  settings,
  stations,
  onChange,
}: {
  settings: CoverSettings;
  stations: readonly StationPoint[];
  onChange: (patch: Partial<CoverSettings>) => void;
}) {
  const sorted = [...stations].sort((a, b) => a.name.localeCompare(b.name));
  const names = new Map(stations.map((s) => [s.code, s.name]));
  return (
    <form className="cover-controls" aria-label="Cover settings" onSubmit={(e) => e.preventDefault()}>
      <DateField label="Day" value={settings.date} onChange={(date) => onChange({ date })} />
      <Field label="Hour">
        {(id) => (
          <select
            id={id}
            className="input"
            value={settings.hour}
            onChange={(event) => onChange({ hour: Number(event.target.value) })}
          >
            {HOURS.map((hour) => (
              <option key={hour} value={hour}>
                {`${String(hour).padStart(2, '0')}:00`}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Cell size">
        {(id) => (
          <select
            id={id}
            className="input"
            value={settings.cellMetres}
            onChange={(event) => onChange({ cellMetres: Number(event.target.value) })}
          >
            {CELL_SIZES.map((size) => (
              <option key={size} value={size}>
                {`${size} m`}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label="Stations unavailable"
        hint="Ctrl+click or Shift+arrows to choose several; the cover is recomputed without them."
      >
        {(id, hintId) => (
          <select
            id={id}
            className="input cover-unavailable"
            multiple
            size={UNAVAILABLE_ROWS}
            aria-describedby={hintId}
            value={[...settings.without]}
            onChange={(event) =>
              onChange({ without: Array.from(event.target.selectedOptions, (option) => option.value) })
            }
          >
            {sorted.map((station) => (
              <option key={station.code} value={station.code} disabled={!station.servable}>
                {station.servable ? station.name : `${station.name} (not in the model)`}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="cover-taken-out" aria-live="polite">
        {settings.without.length === 0 ? (
          <span className="muted">Every station available.</span>
        ) : (
          <>
            <span>Unavailable: {settings.without.map((code) => names.get(code) ?? code).join(', ')}</span>
            <button
              type="button"
              className="button button-quiet button-small"
              onClick={() => onChange({ without: [] })}
            >
              All available
            </button>
          </>
        )}
      </div>
    </form>
  );
}
