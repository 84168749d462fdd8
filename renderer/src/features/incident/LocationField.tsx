import { useId, useState, type KeyboardEvent } from 'react';
import { useApi } from '../../api';
import type { Suggestion } from '../../../../contract/index.js';
import type { IncidentForm, LocationMode } from './formModel';
import { useSuggestions } from './useSuggestions';

const KIND_LABEL: Record<Suggestion['kind'], string> = {
  postcodeDistrict: 'Postcode district',
  ward: 'Ward',
};

type LocationPatch = Partial<
  Pick<IncidentForm, 'locationMode' | 'placeText' | 'place' | 'easting' | 'northing'>
>;

/** Where the incident is: a postcode district or ward (with autocomplete), or grid coordinates. */
export function LocationField({
  form,
  onChange,
}: {
  form: IncidentForm;
  onChange: (patch: LocationPatch) => void;
}) {
  const api = useApi();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const chosen =
    form.place !== null && form.place.value.toLowerCase() === form.placeText.trim().toLowerCase();
  const { items, error } = useSuggestions(api, form.placeText, form.locationMode === 'place' && !chosen);
  const showList = open && items.length > 0 && !chosen;

  const pick = (item: Suggestion) => {
    onChange({
      placeText: item.value,
      place: { kind: item.kind, value: item.value, stationGround: item.stationGround },
    });
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && items.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((a) => (a + 1) % items.length);
    } else if (event.key === 'ArrowUp' && items.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((a) => (a <= 0 ? items.length - 1 : a - 1));
    } else if (event.key === 'Enter' && showList && active >= 0 && items[active]) {
      event.preventDefault();
      pick(items[active]);
    } else if (event.key === 'Escape' && showList) {
      event.preventDefault();
      setOpen(false);
    }
  };

  const setMode = (mode: LocationMode) => onChange({ locationMode: mode });

  return (
    <fieldset className="field location">
      <legend className="field-label">Location</legend>
      <div className="segmented" role="radiogroup" aria-label="Locate the incident by">
        {(['place', 'coordinates'] as const).map((mode) => (
          <label key={mode} className={form.locationMode === mode ? 'segment segment-on' : 'segment'}>
            <input
              type="radio"
              name={`${id}-mode`}
              value={mode}
              checked={form.locationMode === mode}
              onChange={() => setMode(mode)}
            />
            {mode === 'place' ? 'Postcode or ward' : 'Coordinates'}
          </label>
        ))}
      </div>

      {form.locationMode === 'place' ? (
        <div className="combobox">
          <input
            id={`${id}-place`}
            className="input input-large"
            type="text"
            role="combobox"
            aria-label="Postcode or ward"
            aria-autocomplete="list"
            aria-expanded={showList}
            aria-controls={`${id}-list`}
            {...(showList && active >= 0 ? { 'aria-activedescendant': `${id}-opt-${active}` } : {})}
            placeholder="e.g. SE1, SE1 7PB or Millwall"
            autoComplete="off"
            spellCheck={false}
            value={form.placeText}
            onChange={(event) => {
              onChange({ placeText: event.target.value });
              setOpen(true);
              setActive(-1);
            }}
            onKeyDown={onKeyDown}
            onFocus={() => setOpen(true)}
            onBlur={() => setOpen(false)}
          />
          {showList ? (
            <ul className="combobox-list" id={`${id}-list`} role="listbox" aria-label="Matching places">
              {items.map((item, index) => (
                <li
                  key={`${item.kind}:${item.value}`}
                  id={`${id}-opt-${index}`}
                  role="option"
                  aria-selected={index === active}
                  className={index === active ? 'combobox-option combobox-option-active' : 'combobox-option'}
                  // mousedown, not click: it fires before the input's blur closes the list.
                  onMouseDown={(event) => {
                    event.preventDefault();
                    pick(item);
                  }}
                >
                  <span className="combobox-value">{item.value}</span>
                  <span className="combobox-kind">
                    {KIND_LABEL[item.kind]}
                    {item.stationGround ? ` · ${item.stationGround} ground` : ''}
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
          {error ? <div className="field-error">{error}</div> : null}
        </div>
      ) : (
        <div className="pair">
          <input
            className="input"
            type="text"
            inputMode="numeric"
            aria-label="Easting (metres)"
            placeholder="Easting, e.g. 532150"
            value={form.easting}
            onChange={(event) => onChange({ easting: event.target.value })}
          />
          <input
            className="input"
            type="text"
            inputMode="numeric"
            aria-label="Northing (metres)"
            placeholder="Northing, e.g. 180450"
            value={form.northing}
            onChange={(event) => onChange({ northing: event.target.value })}
          />
        </div>
      )}
    </fieldset>
  );
}
