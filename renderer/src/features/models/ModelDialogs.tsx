import { useState } from 'react';
import { Alert } from '../../components/Alert';
import { ConfirmDialog } from '../../components/Dialog';
import type { Comparison, ModelSummary } from '../../../../contract/index.js';
import { formatMetricValue } from './modelInfo';

/** Said in the promote and rollback dialogs when the switch is published too (publish on every promotion). */
function AlsoPublished({ folder }: { folder: string | null }) {
  if (folder === null) return null;
  return (
    <p data-testid="also-published">
      It will also be published to <code className="path">{folder}</code>: every workstation following that
      folder serves it from its next check.
    </p>
  );
}

/** Promotion puts a model in front of every dispatcher: say what the policy concluded, allow a recorded force. */
export function PromoteDialog({
  model,
  comparison,
  busy,
  alsoPublishTo = null,
  onConfirm,
  onCancel,
}: {
  model: ModelSummary | null;
  comparison: Comparison | null;
  busy: boolean;
  /** The shared folder the promotion is published to as well, or null. */
  alsoPublishTo?: string | null;
  onConfirm: (force: boolean) => void;
  onCancel: () => void;
}) {
  const [force, setForce] = useState(false);
  const decided = comparison && model && comparison.challengerId === model.id ? comparison.decision : null;
  const close = () => {
    setForce(false);
    onCancel();
  };
  return (
    <ConfirmDialog
      open={model !== null}
      title={model ? `Promote model ${model.id}?` : 'Promote'}
      confirmLabel={force ? 'Force promotion' : 'Promote'}
      danger={force}
      busy={busy}
      onCancel={close}
      onConfirm={() => {
        onConfirm(force);
        setForce(false);
      }}
    >
      {model ? (
        <>
          <p>
            Every estimate will come from this model once it is promoted. It is first scored against the
            champion on the same newest holdout rows; the promotion goes ahead only if the policy allows it.
          </p>
          <p className="muted">
            Its own holdout MAE: {formatMetricValue('mae', model.metrics.mae)}; P90 coverage{' '}
            {formatMetricValue('p90Coverage', model.metrics.p90Coverage)}.
          </p>
          <AlsoPublished folder={alsoPublishTo} />
          {decided ? (
            <p>
              {decided.promote
                ? 'The last comparison allows it.'
                : `The last comparison refuses it: ${decided.reasons.join(' ')}`}
            </p>
          ) : null}
          <label className="checkbox">
            <input type="checkbox" checked={force} onChange={(event) => setForce(event.target.checked)} />
            Promote even if the policy refuses (recorded with your name)
          </label>
        </>
      ) : null}
    </ConfirmDialog>
  );
}

export function RollbackDialog({
  target,
  current,
  busy,
  alsoPublishTo = null,
  onConfirm,
  onCancel,
}: {
  /** The shared folder the rollback is published to as well, or null. */
  alsoPublishTo?: string | null;
  /** Null asks for the previous champion; undefined means the dialog is closed. */
  target: ModelSummary | null | undefined;
  current: ModelSummary | null;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <ConfirmDialog
      open={target !== undefined}
      title={target ? `Roll back to model ${target.id}?` : 'Roll back to the previous model?'}
      confirmLabel={target?.isDemo ? 'Roll back to the demo model' : 'Roll back'}
      danger
      busy={busy}
      onCancel={onCancel}
      onConfirm={onConfirm}
    >
      <p>
        {current ? (
          <>
            The champion <code>{current.id}</code> is retired and{' '}
          </>
        ) : null}
        {target ? (
          <>
            model <code>{target.id}</code> serves every estimate again.
          </>
        ) : (
          'the previous champion serves every estimate again.'
        )}{' '}
        The switch happens only after the model file is verified.
      </p>
      <AlsoPublished folder={alsoPublishTo} />
      {target?.isDemo ? (
        <Alert tone="warning" title="This is the DEMO model">
          It was trained on synthetic data: every dispatcher would get demonstration answers, not estimates
          from LFB records, until a trained model is promoted.
        </Alert>
      ) : null}
    </ConfirmDialog>
  );
}
