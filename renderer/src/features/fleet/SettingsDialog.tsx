import { useEffect, useId, useState, type ReactNode } from 'react';
import { Alert, ErrorMessage } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { FLEET_ROLES, type FleetRole, type FleetStatus, type Settings } from '../../../../contract/index.js';
import { useFleetApi } from './fleetApi';
import './fleet.css';
import { isTrouble, ROLE_LABELS } from './fleetText';
import { draftOf, settingsOf, unusedReason, type FleetField, type SettingsDraft } from './settingsForm';

const ROLE_HINTS: Readonly<Record<FleetRole, string>> = {
  off: 'This workstation serves its own champion and shares nothing.',
  publish: "The data officer's workstation: it publishes its champion to the shared folder, signed.",
  follow: 'A dispatcher workstation: it serves the model published in the shared folder.',
};

const FORM_ID = 'settings-form';
const NOT_SAVED = 'Not saved';
const NOT_CHECKED = 'The shared folder was not checked';

/** A labelled text input; disabled with its reason when the role does not use it. */
function TextField({
  label,
  hint,
  reason,
  value,
  onChange,
  placeholder,
  inputMode,
}: {
  label: string;
  hint?: string;
  reason: string | null;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  inputMode?: 'numeric';
}) {
  const id = useId();
  const note = reason ?? hint;
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="input"
        value={value}
        disabled={reason !== null}
        onChange={(event) => onChange(event.target.value)}
        spellCheck={false}
        {...(placeholder ? { placeholder } : {})}
        {...(inputMode ? { inputMode } : {})}
        {...(note ? { 'aria-describedby': `${id}-note` } : {})}
      />
      {note ? (
        <div className="field-hint" id={`${id}-note`}>
          {note}
        </div>
      ) : null}
    </div>
  );
}

function SettingsForm({
  draft,
  setDraft,
  onSubmit,
}: {
  draft: SettingsDraft;
  setDraft: (update: (draft: SettingsDraft) => SettingsDraft) => void;
  onSubmit: () => void;
}) {
  const set =
    <K extends keyof SettingsDraft>(key: K) =>
    (value: SettingsDraft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));
  const reason = (field: FleetField) => unusedReason(draft.role, field);
  const publishReason = reason('publishOnPromote');
  const text = (
    field: Exclude<FleetField, 'publishOnPromote'>,
    label: string,
    extra: { hint?: string; placeholder?: string; inputMode?: 'numeric' } = {},
  ): ReactNode => (
    <TextField label={label} reason={reason(field)} value={draft[field]} onChange={set(field)} {...extra} />
  );
  return (
    <form
      id={FORM_ID}
      className="settings-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <fieldset className="field settings-roles" aria-describedby="settings-role-hint">
        <legend className="field-label">This workstation in the control room</legend>
        <div className="settings-role-options">
          {FLEET_ROLES.map((role) => (
            <label key={role} className="radio">
              <input
                type="radio"
                name="fleet-role"
                value={role}
                checked={draft.role === role}
                onChange={() => set('role')(role)}
              />
              {ROLE_LABELS[role]}
            </label>
          ))}
        </div>
        <div className="field-hint" id="settings-role-hint">
          {ROLE_HINTS[draft.role]}
        </div>
      </fieldset>
      {text('folder', 'Shared folder', {
        hint: 'A folder every workstation can read, e.g. a mapped drive or \\\\server\\share\\pump-eta.',
      })}
      <div className="pair">
        {text('publicKeyFile', "Data officer's public key file", {
          hint: 'The .pem.pub file the data officer gave out.',
        })}
        {text('checkMinutes', 'Check the folder every (minutes)', { inputMode: 'numeric' })}
      </div>
      <div className="pair">
        {text('privateKeyFile', 'Private key file', {
          hint: 'The signing key; it stays on this workstation.',
        })}
        {text('publisherName', 'Publisher name', { hint: 'How publications name this workstation.' })}
      </div>
      <div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.publishOnPromote}
            disabled={publishReason !== null}
            onChange={(event) => set('publishOnPromote')(event.target.checked)}
            {...(publishReason ? { 'aria-describedby': 'settings-publish-reason' } : {})}
          />
          Publish on every promotion and rollback
        </label>
        {publishReason ? (
          <div className="field-hint" id="settings-publish-reason">
            {publishReason}
          </div>
        ) : null}
      </div>
      <div className="pair">
        <TextField
          label="Keep the prediction log's places for (days)"
          reason={null}
          value={draft.retentionDays}
          onChange={set('retentionDays')}
          inputMode="numeric"
        />
      </div>
      {/* Enter in any field saves: an implicit submission needs a submit button inside the form. */}
      <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
    </form>
  );
}

/**
 * Settings… (menu, Ctrl+,): the fleet role, the shared folder and keys, the check interval and the
 * prediction log's retention. Main checks and stores them and says why when it refuses.
 */
export function SettingsDialog(props: {
  open: boolean;
  onClose: () => void;
  /** A status from Save or Check now, for the header. */
  onStatus: (status: FleetStatus) => void;
}) {
  // Mounted only while open, so every opening starts from the saved settings, without stale messages.
  return props.open ? <OpenSettingsDialog {...props} /> : null;
}

function OpenSettingsDialog({
  onClose,
  onStatus,
}: {
  onClose: () => void;
  onStatus: (status: FleetStatus) => void;
}) {
  const api = useFleetApi();
  const [saved, setSaved] = useState<Settings | null>(null);
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [error, setError] = useState<{ title: string; message: string } | null>(null);
  const [outcome, setOutcome] = useState<{ text: string; trouble: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    api.getSettings().then(
      (result) => {
        if (!current) return;
        if (result.ok) {
          setSaved(result.value);
          setDraft(draftOf(result.value));
        } else setError({ title: 'The settings could not be read', message: result.error });
      },
      (reason: unknown) =>
        current && setError({ title: 'The settings could not be read', message: String(reason) }),
    );
    return () => {
      current = false;
    };
  }, [api]);

  const attempt = async (title: string, action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      await action();
    } catch (reason) {
      setError({ title, message: reason instanceof Error ? reason.message : String(reason) });
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    void attempt(NOT_SAVED, async () => {
      if (!draft) return;
      const parsed = settingsOf(draft);
      if ('error' in parsed) {
        setError({ title: NOT_SAVED, message: parsed.error });
        return;
      }
      const result = await api.saveSettings(parsed.settings);
      if (!result.ok) {
        setError({ title: NOT_SAVED, message: result.error });
        return;
      }
      setSaved(result.value);
      setDraft(draftOf(result.value));
      const status = await api.fleetStatus();
      // A key that does not verify the folder's publication is saved, and said loudly here at once.
      const refused = status.ok && status.value.outcome === 'refused';
      setOutcome(
        refused
          ? { text: `Settings saved, but: ${status.value.message}`, trouble: true }
          : { text: 'Settings saved.', trouble: false },
      );
      if (status.ok) onStatus(status.value);
    });

  const checkNow = () =>
    void attempt(NOT_CHECKED, async () => {
      const result = await api.syncNow();
      if (!result.ok) {
        setError({ title: NOT_CHECKED, message: result.error });
        return;
      }
      setOutcome({ text: result.value.message, trouble: isTrouble(result.value) });
      onStatus(result.value);
    });

  const dirty = draft !== null && saved !== null && JSON.stringify(draftOf(saved)) !== JSON.stringify(draft);
  const follower = saved?.fleet.role === 'follow';
  const checkReason = !follower
    ? 'Check now is for a following workstation (save the role first).'
    : dirty
      ? 'Save the changes first: Check now uses the saved settings.'
      : null;

  return (
    <Dialog
      open
      wide
      title="Settings"
      onClose={onClose}
      actions={
        <>
          <button
            type="button"
            className="button"
            onClick={checkNow}
            disabled={busy || checkReason !== null}
            title={checkReason ?? 'Look at the shared folder now'}
          >
            Check now
          </button>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Close
          </button>
          <button type="submit" form={FORM_ID} className="button button-primary" disabled={busy || !draft}>
            {busy ? 'Working…' : 'Save'}
          </button>
        </>
      }
    >
      {error ? <ErrorMessage error={error.message} title={error.title} /> : null}
      {outcome ? (
        <Alert tone={outcome.trouble ? 'warning' : 'info'}>
          <span data-testid="settings-outcome">{outcome.text}</span>
        </Alert>
      ) : null}
      {draft ? (
        <SettingsForm
          draft={draft}
          setDraft={(update) => setDraft((d) => (d ? update(d) : d))}
          onSubmit={save}
        />
      ) : error ? null : (
        <p>Loading…</p>
      )}
    </Dialog>
  );
}
