import type { Acceptable } from './errors.js';
import type { FileReport, ImportProgress } from './types.js';

/**
 * Messages between importFiles (main side) and the import worker. Every message carries the job id
 * so a reply can never be taken for another job's.
 */

export type ImportRequest =
  | {
      readonly type: 'import';
      readonly jobId: string;
      readonly dbPath: string;
      readonly files: readonly string[];
      readonly acceptPartial: boolean;
    }
  | { readonly type: 'cancel'; readonly jobId: string };

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  /** For ImportFileError: the file and the problem. */
  readonly file?: string;
  readonly problem?: string;
  readonly acceptable?: Acceptable;
}

export type ImportReply =
  | { readonly type: 'progress'; readonly jobId: string; readonly progress: ImportProgress }
  | {
      readonly type: 'log';
      readonly jobId: string;
      readonly level: 'info' | 'warn';
      readonly message: string;
    }
  | {
      readonly type: 'result';
      readonly jobId: string;
      readonly files: FileReport[];
      readonly errors: SerializedError[];
    }
  | { readonly type: 'error'; readonly jobId: string; readonly error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const { file, problem, acceptable } = error as Error & {
      file?: unknown;
      problem?: unknown;
      acceptable?: Acceptable;
    };
    return {
      name: error.name,
      message: error.message,
      ...(typeof file === 'string' && typeof problem === 'string' ? { file, problem } : {}),
      ...(acceptable !== undefined ? { acceptable } : {}),
    };
  }
  return { name: 'Error', message: String(error) };
}
