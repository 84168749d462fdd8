import { useState } from 'react';
import { useApi } from '../../api';
import { ErrorMessage } from '../../components/Alert';
import { DateField } from '../../components/Field';
import { nowInLondon } from '../../format';

/** Today in London as yyyy-mm-dd (the period is London calendar days, as the core reads it). */
const londonToday = () => nowInLondon().date;

type Saved = { status: 'saving' | 'saved' | 'error'; text: string } | null;

/**
 * The prediction log's audit export: the answers given between two London days, written as CSV where
 * the person chooses (a save dialog). What the log keeps and for how long is said above it.
 */
export function AuditExport({ retentionDays }: { retentionDays: number }) {
  const api = useApi();
  const [from, setFrom] = useState(londonToday);
  const [to, setTo] = useState(londonToday);
  const [saved, setSaved] = useState<Saved>(null);
  const save = () => {
    setSaved({ status: 'saving', text: 'Exporting the prediction log…' });
    api.exportAudit({ from, to }).then(
      (result) =>
        setSaved(
          !result.ok
            ? { status: 'error', text: result.error }
            : result.value === null
              ? null
              : {
                  status: 'saved',
                  text: `${result.value.rows.toLocaleString('en-GB')} answer(s) written to ${result.value.file}`,
                },
        ),
      (error: unknown) =>
        setSaved({ status: 'error', text: error instanceof Error ? error.message : String(error) }),
    );
  };
  return (
    <section className="audit-export" aria-label="Prediction log">
      <p className="small">
        Every answer is logged with where the incident was, as typed, and is deleted after{' '}
        <strong>{retentionDays} days</strong>.
      </p>
      <form
        className="audit-export-form"
        aria-label="Export the prediction log"
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <DateField label="From" value={from} onChange={setFrom} />
        <DateField label="To" value={to} onChange={setTo} />
        <button type="submit" className="button" disabled={saved?.status === 'saving' || !from || !to}>
          Export for audit…
        </button>
      </form>
      {saved?.status === 'error' ? <ErrorMessage error={saved.text} title="Not exported" /> : null}
      {saved && saved.status !== 'error' ? (
        <p className="muted small" role="status" data-testid="audit-saved">
          {saved.text}
        </p>
      ) : null}
    </section>
  );
}
