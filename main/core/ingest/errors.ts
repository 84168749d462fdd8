/**
 * Why a readable file was refused when `acceptPartial` would import it anyway: columns the model
 * learns from are missing, too many rows were rejected, or a stations list would move most stored
 * stations.
 */
export type Acceptable = 'missing_model_columns' | 'rejected_share' | 'moves_stations';

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
}

/** Raised by readers for a malformed file; the import service adds the file name. */
export class FileFormatError extends Error {
  override name = 'FileFormatError';
}

/** The caller cancelled; the file being imported was rolled back. */
export class ImportCancelledError extends Error {
  override name = 'AbortError';
  constructor(message = 'Import cancelled; the file in progress was rolled back.') {
    super(message);
  }
}
