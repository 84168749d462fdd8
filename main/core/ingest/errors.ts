import type { ErrorDetails, ErrorRegistry } from '../workers/protocol.js';

/**
 * Why a readable file was refused when `acceptPartial` would import it anyway: columns the model
 * learns from are missing, too many rows were rejected, or a stations list would move most stored
 * stations.
 */
export type Acceptable = 'missing_model_columns' | 'rejected_share' | 'moves_stations';
const ACCEPTABLE: readonly string[] = [
  'missing_model_columns',
  'rejected_share',
  'moves_stations',
] satisfies Acceptable[];

/** A file that cannot be imported as a whole: the message names the file and the problem. */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
  constructor(
    readonly file: string,
    readonly problem: string,
    /** Set when importing it as partial (`--accept-partial`) would import it. */
    readonly acceptable?: Acceptable,
  ) {
    super(`${file}: ${problem}`);
  }

  workerDetails(): ErrorDetails {
    const { file, problem, acceptable } = this;
    return acceptable === undefined ? { file, problem } : { file, problem, acceptable };
  }
}

/**
 * The file's dates turned out to be in the other order (all its `NN/NN/YYYY` dates that fit only one
 * order fit only this one): the import rolls back and reads the file again in that order.
 */
export class DateOrderRereadError extends Error {
  override name = 'DateOrderRereadError';
  constructor(
    readonly order: 'day-first' | 'month-first',
    /** Re-imported records whose stored dates showed the order (dates that could go either way). */
    readonly storedSaidMonthFirst = 0,
  ) {
    super(`the file's dates are ${order}`);
  }

  workerDetails(): ErrorDetails {
    return { order: this.order, storedSaidMonthFirst: this.storedSaidMonthFirst };
  }
}

/** What a cancelled import rejects with (a JobCancelledError): earlier files stay imported. */
export const IMPORT_CANCELLED = 'Import cancelled; the file in progress was rolled back.';

/** Raised by readers for a malformed file; the import service adds the file name. */
export class FileFormatError extends Error {
  override name = 'FileFormatError';
}

/** How the import's errors are rebuilt when they come from its worker or its reader thread. */
export const IMPORT_ERRORS: ErrorRegistry = {
  ImportFileError: (_message, { file, problem, acceptable }) =>
    typeof file === 'string' && typeof problem === 'string'
      ? new ImportFileError(
          file,
          problem,
          typeof acceptable === 'string' && ACCEPTABLE.includes(acceptable)
            ? (acceptable as Acceptable)
            : undefined,
        )
      : null,
  DateOrderRereadError: (_message, { order, storedSaidMonthFirst }) =>
    order === 'day-first' || order === 'month-first'
      ? new DateOrderRereadError(order, typeof storedSaidMonthFirst === 'number' ? storedSaidMonthFirst : 0)
      : null,
  FileFormatError: (message) => new FileFormatError(message),
};
