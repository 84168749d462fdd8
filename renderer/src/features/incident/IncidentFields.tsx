import { useRef } from 'react';
import { Field } from '../../components/Field';
import type { StationRef } from '../../../../contract/index.js';
import { CALL_TIME_OFFSETS, type CallTimeOffset, type IncidentForm } from './formModel';
import { findStation, sortedByName } from './stations';
import {
  INCIDENT_GROUPS,
  PROPERTY_CATEGORIES,
  PROPERTY_TYPES_BY_CATEGORY,
  PUMP_ORDERS,
  STOP_CODES_BY_GROUP,
  pumpOrderLabel,
} from './vocabulary';

type Patch = Partial<IncidentForm>;

function Select({
  id,
  value,
  options,
  empty,
  onChange,
}: {
  id: string;
  value: string;
  options: readonly string[];
  empty: string;
  onChange: (value: string) => void;
}) {
  return (
    <select id={id} className="input" value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">{empty}</option>
      {options.map((option) => (
        <option key={option} value={option}>
          {option}
        </option>
      ))}
    </select>
  );
}

/** The two readings of an autumn 01:xx, as the dispatcher would say them. */
const OFFSET_CHOICES: readonly { offset: CallTimeOffset; zone: string; which: string }[] = [
  { offset: CALL_TIME_OFFSETS.bst, zone: 'BST', which: 'first' },
  { offset: CALL_TIME_OFFSETS.gmt, zone: 'GMT', which: 'second' },
];

/**
 * Shown by the call time when it falls in the hour the clocks go back (the core says it happens twice),
 * and kept while one is chosen so the dispatcher can see and change which.
 */
function OffsetChoice({
  value,
  offset,
  onOffset,
}: {
  value: string;
  offset: CallTimeOffset;
  onOffset: (offset: CallTimeOffset) => void;
}) {
  const clock = value.slice(DATE_PART_LENGTH, DATE_PART_LENGTH + CLOCK_LENGTH);
  return (
    <div className="offset-choice" role="group" aria-label={`Which ${clock}? The clocks go back that night`}>
      <span className="field-hint">{clock} happens twice that night — which one?</span>
      <div className="inline">
        {OFFSET_CHOICES.map((choice) => (
          <button
            key={choice.offset}
            type="button"
            className="button"
            aria-pressed={offset === choice.offset}
            onClick={() => onOffset(choice.offset)}
          >
            {clock} {choice.zone} ({choice.which})
          </button>
        ))}
      </div>
    </div>
  );
}

/** `2025-10-26T` then `01:30`. */
const DATE_PART_LENGTH = 11;
const CLOCK_LENGTH = 5;

export function CallTimeField({
  value,
  offset,
  ambiguous,
  incomplete,
  onChange,
  onOffset,
}: {
  value: string;
  offset: CallTimeOffset;
  incomplete: boolean;
  /** The core found this time twice in London (the autumn clock change). */
  ambiguous: boolean;
  /** `incomplete`: something is typed but not a whole date and time (the picker then reports ''). */
  onChange: (value: string, incomplete: boolean) => void;
  onOffset: (offset: CallTimeOffset) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  // A half-typed date reads as '' — "now" — unless the picker's own validity is asked.
  const report = (input: HTMLInputElement) => onChange(input.value, input.validity.badInput);
  const zone = OFFSET_CHOICES.find((choice) => choice.offset === offset)?.zone;
  return (
    <Field
      label={value || incomplete ? 'Call time' : 'Call time — now'}
      hint={
        incomplete
          ? 'Incomplete: finish the date and time, or press Now'
          : value
            ? zone
              ? `London time, ${zone}`
              : 'London time'
            : 'Leave empty for the current time'
      }
    >
      {(id, hintId) => (
        <>
          <div className="inline">
            <input
              id={id}
              className="input"
              type="datetime-local"
              step={60}
              value={value}
              aria-describedby={hintId}
              onChange={(event) => report(event.currentTarget)}
              onKeyUp={(event) => report(event.currentTarget)}
              onBlur={(event) => report(event.currentTarget)}
              ref={input}
            />
            <button
              type="button"
              className="button"
              onClick={() => {
                // Clears what is half-typed too: React leaves a value of '' alone when it already reads ''.
                if (input.current) input.current.value = '';
                onChange('', false);
              }}
              disabled={!value && !incomplete}
            >
              Now
            </button>
          </div>
          {value && (ambiguous || offset) ? (
            <OffsetChoice value={value} offset={offset} onOffset={onOffset} />
          ) : null}
        </>
      )}
    </Field>
  );
}

export function IncidentTypeFields({
  form,
  onChange,
}: {
  form: IncidentForm;
  onChange: (patch: Patch) => void;
}) {
  const stopCodes = form.incidentGroup
    ? (STOP_CODES_BY_GROUP[form.incidentGroup] ?? [])
    : Object.values(STOP_CODES_BY_GROUP).flat();
  const propertyTypes = form.propertyCategory
    ? (PROPERTY_TYPES_BY_CATEGORY[form.propertyCategory] ?? [])
    : [];
  return (
    <>
      <div className="pair">
        <Field label="Incident type">
          {(id) => (
            <Select
              id={id}
              value={form.incidentGroup}
              options={INCIDENT_GROUPS}
              empty="Not known"
              onChange={(incidentGroup) => {
                const codes = STOP_CODES_BY_GROUP[incidentGroup] ?? [];
                const stopCode = codes.includes(form.stopCode)
                  ? form.stopCode
                  : codes.length === 1
                    ? (codes[0] ?? '')
                    : '';
                onChange({ incidentGroup, stopCode });
              }}
            />
          )}
        </Field>
        <Field label="Stop code">
          {(id) => (
            <Select
              id={id}
              value={form.stopCode}
              options={stopCodes}
              empty="Not known"
              onChange={(stopCode) => onChange({ stopCode })}
            />
          )}
        </Field>
      </div>
      <div className="pair">
        <Field label="Property category">
          {(id) => (
            <Select
              id={id}
              value={form.propertyCategory}
              options={PROPERTY_CATEGORIES}
              empty="Not known"
              onChange={(propertyCategory) => onChange({ propertyCategory, propertyType: '' })}
            />
          )}
        </Field>
        <Field label="Property type">
          {(id) => (
            <>
              <input
                id={id}
                className="input"
                type="text"
                list={`${id}-types`}
                placeholder={form.propertyCategory ? 'Choose or type' : 'Not known'}
                value={form.propertyType}
                onChange={(event) => onChange({ propertyType: event.target.value })}
              />
              <datalist id={`${id}-types`}>
                {propertyTypes.map((type) => (
                  <option key={type} value={type} />
                ))}
              </datalist>
            </>
          )}
        </Field>
      </div>
    </>
  );
}

export function DeploymentFields({
  form,
  stations,
  groundStation,
  onChange,
}: {
  form: IncidentForm;
  stations: readonly StationRef[];
  /** The incident's station ground, once the location is resolved. */
  groundStation: string | null;
  onChange: (patch: Patch) => void;
}) {
  const ground = findStation(stations, groundStation);
  // Prefilled with the ground's station; choosing another makes it explicit.
  const value = form.station ?? ground?.code ?? '';
  return (
    <div className="pair">
      <Field
        label="Deploying station"
        hint={
          form.station === null
            ? ground
              ? 'Prefilled: the station ground'
              : 'Station ground, once located'
            : 'Chosen by you'
        }
      >
        {(id, hintId) => (
          <select
            id={id}
            className="input"
            value={value}
            aria-describedby={hintId}
            onChange={(event) => onChange({ station: event.target.value || null })}
          >
            <option value="">{ground ? `Station ground (${ground.name})` : 'Station ground'}</option>
            {sortedByName(stations).map((station) => (
              <option key={station.code} value={station.code}>
                {station.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Pump order">
        {(id) => (
          <select
            id={id}
            className="input"
            value={form.pumpOrder}
            onChange={(event) => onChange({ pumpOrder: Number(event.target.value) })}
          >
            {PUMP_ORDERS.map((order) => (
              <option key={order} value={order}>
                {pumpOrderLabel(order)}
              </option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}
