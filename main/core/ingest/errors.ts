/** A file that cannot be imported as a whole: the message names the file and the problem. */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
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
