import { useCallback, useState } from 'react';
import type { PumpEtaApi, Result } from '../../../../contract/index.js';

export interface StartedImport {
  readonly jobId: string;
  /** Names of the dropped files; empty when chosen in the native dialog (names come with progress). */
  readonly files: readonly string[];
  readonly startedAt: number;
}

/** Imports started from this window (newest first) and the last refusal to start one, as a message. */
export function useImports(api: PumpEtaApi) {
  const [started, setStarted] = useState<readonly StartedImport[]>([]);
  const [error, setError] = useState<string | null>(null);

  const track = useCallback((result: Result<{ jobId: string } | null>, files: readonly string[]) => {
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    const job = result.value;
    if (job) setStarted((list) => [{ jobId: job.jobId, files, startedAt: Date.now() }, ...list]);
  }, []);

  const importFiles = useCallback(
    async (files: readonly File[]) => {
      try {
        track(
          await api.importFiles(files),
          files.map((f) => f.name),
        );
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    },
    [api, track],
  );

  const chooseAndImport = useCallback(async () => {
    try {
      track(await api.chooseAndImport(), []);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [api, track]);

  /** Imports a refused file anyway, once the person has read why it was refused and confirmed. */
  const importAsPartial = useCallback(
    async (retryId: string, fileName: string) => {
      try {
        track(await api.importAsPartial(retryId), [fileName]);
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    },
    [api, track],
  );

  return { started, error, importFiles, chooseAndImport, importAsPartial };
}

export type Imports = ReturnType<typeof useImports>;
