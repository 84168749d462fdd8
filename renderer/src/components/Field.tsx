import { useId, type ReactNode } from 'react';

/** A label above its control, with an optional hint; the control gets the id through a render prop. */
export function Field({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: string;
  children: (id: string, hintId?: string) => ReactNode;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children(id, hintId)}
      {hint ? (
        <div className="field-hint" id={hintId}>
          {hint}
        </div>
      ) : null}
    </div>
  );
}

/** A required London calendar day (yyyy-mm-dd): an emptied field is not passed on. */
export function DateField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (date: string) => void;
}) {
  return (
    <Field label={label}>
      {(id) => (
        <input
          id={id}
          className="input"
          type="date"
          required
          value={value}
          onChange={(event) => {
            if (event.target.value) onChange(event.target.value);
          }}
        />
      )}
    </Field>
  );
}
