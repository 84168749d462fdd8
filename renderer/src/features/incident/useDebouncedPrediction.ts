import { useEffect, useState } from 'react';
import type { Prediction, PredictRequest, PumpEtaApi, RankRequest } from '../../../../contract/index.js';

/** Long enough to skip the keystrokes in "SE17", short enough to feel live. */
export const PREDICT_DEBOUNCE_MS = 250;

export interface PredictionState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  /** The last answer; kept (dimmed by the view) while a newer one loads. */
  readonly prediction: Prediction | null;
  readonly ranking: readonly Prediction[] | null;
  readonly error: string | null;
}

const IDLE: PredictionState = { status: 'idle', prediction: null, ranking: null, error: null };

export interface PredictionInput {
  readonly request: PredictRequest;
  readonly incident: RankRequest;
}

/**
 * Asks for the ETA of the deploying station and the ranking of all stations once the form has been still
 * for `delayMs`. Answers to an older form are dropped, so a slow reply never overwrites a newer one.
 */
export function useDebouncedPrediction(
  api: PumpEtaApi,
  input: PredictionInput | null,
  delayMs: number = PREDICT_DEBOUNCE_MS,
): PredictionState {
  // The form as a value: a re-render with equal content is not a new question.
  const key = input ? JSON.stringify(input) : null;
  const [answer, setAnswer] = useState<{ key: string | null; state: PredictionState }>({
    key: null,
    state: IDLE,
  });

  useEffect(() => {
    if (key === null) return;
    const { request, incident } = JSON.parse(key) as PredictionInput;
    let current = true;
    const settle = (state: PredictionState) => {
      if (current) setAnswer({ key, state });
    };
    const timer = setTimeout(() => {
      Promise.all([api.predict(request), api.rankStations(incident)]).then(
        ([predicted, ranked]) => {
          if (!predicted.ok) {
            settle({
              status: 'error',
              prediction: null,
              ranking: ranked.ok ? ranked.value.stations : null,
              error: predicted.error,
            });
          } else if (!ranked.ok) {
            settle({ status: 'error', prediction: predicted.value, ranking: null, error: ranked.error });
          } else {
            settle({
              status: 'ready',
              prediction: predicted.value,
              ranking: ranked.value.stations,
              error: null,
            });
          }
        },
        (error: unknown) =>
          settle({
            status: 'error',
            prediction: null,
            ranking: null,
            error: error instanceof Error ? error.message : String(error),
          }),
      );
    }, delayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, key, delayMs]);

  if (key === null) return IDLE;
  if (answer.key !== key) return { ...answer.state, status: 'loading' };
  return answer.state;
}
