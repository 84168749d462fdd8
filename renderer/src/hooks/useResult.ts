import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Result } from '../../../contract/index.js';

export interface Loaded<T> {
  readonly value: T | null;
  readonly error: string | null;
  readonly loading: boolean;
  readonly reload: () => void;
}

interface Settled<T> {
  readonly request: object | null;
  readonly value: T | null;
  readonly error: string | null;
}

/**
 * Loads a Result-returning request and keeps its error as a message (never swallowed). `load` must be
 * stable (useCallback) or the request repeats on every render. The last value stays while reloading.
 */
export function useResult<T>(load: () => Promise<Result<T>>): Loaded<T> {
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  // One object per request, so an answer can be matched to the request it answers.
  const request = useMemo(() => ({ load, generation }), [load, generation]);
  const [settled, setSettled] = useState<Settled<T>>({ request: null, value: null, error: null });

  useEffect(() => {
    let current = true;
    request.load().then(
      (result) => {
        if (current)
          setSettled(
            result.ok
              ? { request, value: result.value, error: null }
              : { request, value: null, error: result.error },
          );
      },
      (error: unknown) => {
        if (current)
          setSettled({ request, value: null, error: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [request]);

  return { value: settled.value, error: settled.error, loading: settled.request !== request, reload };
}
