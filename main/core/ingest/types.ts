import type { LfbKind } from '../lfb/columns.js';
import type { RejectExample, RejectReason } from '../lfb/reasons.js';
import type { ImportFileError } from './errors.js';

/** What happened to one imported file. rowsRead = rowsImported + rowsDuplicate + rowsRejected. */
export interface FileReport {
  readonly file: string;
  readonly kind: LfbKind;
  /** Data rows read (blank rows are skipped and not counted). */
  readonly rowsRead: number;
  readonly rowsImported: number;
  /** Already in the database (an earlier import, or earlier in this file). */
  readonly rowsDuplicate: number;
  readonly rowsRejected: number;
  readonly rejected: Partial<Record<RejectReason, number>>;
  /** The first few rejected rows of each reason. */
  readonly examples: readonly RejectExample[];
  /** How the file was read: ignored columns, a joined file, the sheet used. */
  readonly notes: readonly string[];
}

export interface ImportResult {
  /** Files imported, in the order given. */
  readonly files: FileReport[];
  /** Files that could not be read; each left the database unchanged. */
  readonly errors: ImportFileError[];
}

export type ImportPhase = 'checking' | 'reading' | 'indexing' | 'hashing' | 'committing';

export interface FileProgress {
  readonly phase: ImportPhase;
  readonly rowsRead: number;
  readonly bytesRead: number;
  readonly bytesTotal: number;
}

export interface ImportProgress extends FileProgress {
  readonly file: string;
  /** 0-based position of the file in the call. */
  readonly fileIndex: number;
  readonly fileCount: number;
}
