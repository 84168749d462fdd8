import { useCallback, useEffect, useEffectEvent, useMemo, useState } from 'react';
import { useApi } from '../../api';
import { Alert, ErrorMessage } from '../../components/Alert';
import type { JobsState } from '../../hooks/jobs';
import { useResult } from '../../hooks/useResult';
import type {
  Comparison,
  FleetStatus,
  MenuCommand,
  ModelSummary,
  Result,
} from '../../../../contract/index.js';
import { useFleetApi } from '../fleet/fleetApi';
import { PublicationsPanel } from '../fleet/PublicationsPanel';
import { ComparisonView } from './ComparisonView';
import { ModelHistory } from './ModelHistory';
import { PromoteDialog, RollbackDialog } from './ModelDialogs';
import { champion, newestCandidate, NO_ROLLBACK_TARGET, rollbackTarget } from './modelInfo';
import { RetrainPanel } from './RetrainPanel';
import './models.css';

/** The newest training job of this window, running or finished. */
function latestTraining(jobs: JobsState) {
  const training = Object.values(jobs).filter((j) => j.kind === 'training');
  return training.find((j) => j.status === 'running') ?? training.at(-1) ?? null;
}

/** The data officer's screen: history, retrain, compare with the champion, promote, roll back. */
export function ModelsScreen({
  active,
  jobs,
  onChampionChanged,
  fleet = null,
  fleetVersion = 0,
}: {
  active: boolean;
  jobs: JobsState;
  onChampionChanged: () => void;
  /** The fleet status (role, folder); null until read. */
  fleet?: FleetStatus | null;
  /** Counts fleet status changes: the publications are read again. */
  fleetVersion?: number;
}) {
  const api = useApi();
  const fleetApi = useFleetApi();
  const loadSettings = useCallback(() => fleetApi.getSettings(), [fleetApi]);
  const settings = useResult(loadSettings);
  const loadModels = useCallback(() => api.listModels(), [api]);
  const models = useResult(loadModels);
  const list = useMemo(() => models.value ?? [], [models.value]);
  const training = latestTraining(jobs);

  const [startError, setStartError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [promoting, setPromoting] = useState<ModelSummary | null>(null);
  const [rollingBack, setRollingBack] = useState<ModelSummary | null | undefined>(undefined);

  const { reload } = models;
  const reloadSettings = settings.reload;
  useEffect(() => {
    if (active) {
      reload();
      reloadSettings();
    }
  }, [active, reload, reloadSettings]);
  const [championChanges, setChampionChanges] = useState(0);
  const championChanged = () => {
    setChampionChanges((n) => n + 1);
    onChampionChanged();
  };
  // Promote and rollback dialogs say when the switch is also published (publish on every promotion).
  const fleetSettings = settings.value?.fleet;
  const alsoPublishTo =
    fleetSettings?.role === 'publish' && fleetSettings.publishOnPromote ? fleetSettings.folder : null;
  // A follower's next look would undo a promotion or rollback here: said up front, never after a confirmation.
  const locked =
    fleetSettings?.role === 'follow' && fleetSettings.folder
      ? `This workstation follows the control room's model (${fleetSettings.folder}): promote and roll back on ` +
        `the data officer's workstation. To manage models here instead, stop following first (Settings).`
      : null;
  // A finished training run adds a candidate to the history.
  const trainingStatus = training?.status;
  useEffect(() => {
    if (trainingStatus === 'done') reload();
  }, [trainingStatus, reload]);

  const run = async <T,>(action: () => Promise<Result<T>>, onOk: (value: T) => void) => {
    setBusy(true);
    setActionError(null);
    setNotice(null);
    try {
      const result = await action();
      if (result.ok) onOk(result.value);
      else setActionError(result.error);
    } catch (error) {
      setActionError(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const startTraining = async () => {
    setStarting(true);
    setStartError(null);
    try {
      const result = await api.startTraining();
      if (!result.ok) setStartError(result.error);
    } catch (error) {
      setStartError(error instanceof Error ? error.message : String(error));
    } finally {
      setStarting(false);
    }
  };

  const compare = (challengerId?: string) => void run(() => api.compare(challengerId), setComparison);

  const promote = (model: ModelSummary, force: boolean) =>
    void run(
      async () => {
        const result = await api.promote(model.id, force);
        // A refusal is read on the screen, not behind the dialog that asked.
        if (!result.ok) setPromoting(null);
        return result;
      },
      (decided) => {
        setPromoting(null);
        reload();
        championChanged();
        if (decided && !decided.decision.promote && !force) {
          setComparison(decided);
          setActionError(`Model ${model.id} was not promoted: ${decided.decision.reasons.join(' ')}`);
        } else {
          // The comparison was of the pair before the switch: its Promote… would now mislead.
          setComparison(null);
          setNotice(`Model ${model.id} is now the champion${force ? ' (forced; recorded)' : ''}.`);
        }
      },
    );

  const rollback = (target: ModelSummary | null) =>
    void run(
      () => api.rollback(target?.id),
      (restored) => {
        setRollingBack(undefined);
        setComparison(null);
        reload();
        championChanged();
        setNotice(`Rolled back: model ${restored.id} is the champion again.`);
      },
    );

  /** Rollback… (button and menu): the model the core's plain rollback takes, named before confirming. */
  const startRollback = () => {
    const target = rollbackTarget(list);
    if (target) setRollingBack(target);
    else {
      setNotice(null);
      setActionError(NO_ROLLBACK_TARGET);
    }
  };

  // Menu items (Model → Retrain, Compare…, Promote…, Rollback…) act on the list as it is when chosen.
  const onMenuCommand = useEffectEvent((command: MenuCommand) => {
    switch (command) {
      case 'retrain':
        void startTraining();
        break;
      case 'compare':
        compare(newestCandidate(list)?.id);
        break;
      case 'promote': {
        if (locked) {
          setActionError(locked);
          break;
        }
        const candidate = comparison
          ? list.find((m) => m.id === comparison.challengerId)
          : newestCandidate(list);
        if (candidate && candidate.status !== 'champion') setPromoting(candidate);
        else setActionError('There is no candidate model to promote: retrain first, then compare.');
        break;
      }
      case 'rollback':
        if (locked) setActionError(locked);
        else startRollback();
        break;
      case 'import':
      case 'about':
      case 'settings':
        break;
      default: {
        const unexpected: never = command;
        void unexpected;
      }
    }
  });
  useEffect(
    () =>
      api.onMenu((event) => {
        if (event.type === 'command') onMenuCommand(event.command);
      }),
    [api],
  );

  const current = champion(list);
  const promotable = comparison ? (list.find((m) => m.id === comparison.challengerId) ?? null) : null;

  return (
    <div className="models">
      <div className="models-side">
        <RetrainPanel
          job={training}
          showChart={active}
          startError={startError}
          starting={starting}
          onStart={() => void startTraining()}
          onCancel={(jobId) =>
            void run(
              () => api.cancelJob(jobId),
              () => setNotice('Training cancelled.'),
            )
          }
          onCompare={(id) => compare(id)}
        />
        <section className="panel models-history" aria-label="Models">
          <div className="panel-head">
            <h2 className="panel-title">Models</h2>
            <button
              type="button"
              className="button button-small"
              onClick={startRollback}
              disabled={busy || !current || locked !== null}
              title={locked ?? undefined}
            >
              Rollback…
            </button>
          </div>
          <ErrorMessage error={models.error} title="The model list could not be read" />
          {locked ? (
            <p className="muted" data-testid="models-locked">
              {locked}
            </p>
          ) : null}
          <ModelHistory
            models={list}
            busy={busy}
            locked={locked}
            actions={{
              onCompare: (m) => compare(m.id),
              onPromote: (m) => setPromoting(m),
              onRollback: (m) => setRollingBack(m),
            }}
          />
        </section>
        <PublicationsPanel
          status={fleet}
          servedModelId={current?.id ?? null}
          refreshKey={fleetVersion + championChanges}
          onPublished={onChampionChanged}
        />
      </div>
      <div className="panel models-main">
        {notice ? <Alert tone="success" title={notice} /> : null}
        <ErrorMessage error={actionError} />
        {comparison ? (
          <ComparisonView
            comparison={comparison}
            showCharts={active}
            busy={busy}
            locked={locked}
            onPromote={() => promotable && setPromoting(promotable)}
          />
        ) : (
          <Alert tone="info" title="No comparison yet">
            Retrain, then compare the new candidate with the champion: both are scored on the same newest
            holdout rows. The comparison shows every metric side by side, per-station changes and where each
            model errs.
            <div className="actions">
              <button
                type="button"
                className="button"
                onClick={() => compare(newestCandidate(list)?.id)}
                disabled={busy || !newestCandidate(list)}
              >
                Compare the newest candidate
              </button>
            </div>
          </Alert>
        )}
      </div>
      <PromoteDialog
        model={promoting}
        comparison={comparison}
        busy={busy}
        alsoPublishTo={alsoPublishTo}
        onCancel={() => setPromoting(null)}
        onConfirm={(force) => promoting && promote(promoting, force)}
      />
      <RollbackDialog
        target={rollingBack}
        current={current}
        busy={busy}
        alsoPublishTo={alsoPublishTo}
        onCancel={() => setRollingBack(undefined)}
        onConfirm={() => rollback(rollingBack ?? null)}
      />
    </div>
  );
}
