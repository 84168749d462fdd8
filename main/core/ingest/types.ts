import type { LfbKind } from '../lfb/columns.js';
import type { RejectExample, RejectReason } from '../lfb/reasons.js';
import type { DateOrder } from '../lfb/date-order.js';
import type { Acceptable, ImportFileError } from './errors.js';

/** A stored field a re-import changed, with how many records it changed in. */
export interface ChangedField {
  readonly field: string;
  readonly rows: number;
}

/**
 * What happened to one imported file.
 * rowsRead = rowsImported + rowsChanged + rowsDuplicate + rowsRejected.
 */
/** What an import stores: LFB records, a layer of boundaries for the maps, or hourly weather. */
export type ImportKind = LfbKind | 'boundaries' | 'weather';

export interface FileReport {
  readonly file: string;
  readonly kind: ImportKind;
  /** The import's id (`pump-eta imports`, `undo-import`). */
  readonly importId: number;
  /** Data rows read (blank rows are skipped and not counted). */
  readonly rowsRead: number;
  /** New records. */
  readonly rowsImported: number;
  /** Records already stored with different content, replaced by this file's (the newer wins). */
  readonly rowsChanged: number;
  /** Already stored unchanged (an earlier import, or earlier in this file). */
  readonly rowsDuplicate: number;
  readonly rowsRejected: number;
  readonly rejected: Partial<Record<RejectReason, number>>;
  /** The first few rejected rows of each reason. */
  readonly examples: readonly RejectExample[];
  /** The fields the changed records differed in most often. */
  readonly changedFields: readonly ChangedField[];
  /** Mobilisation files: new rows whose incident is not in the history yet. */
  readonly waitingForIncidents?: number;
  /** Checks the file failed but was imported anyway (accepted as partial). */
  readonly acceptedPartial: readonly Acceptable[];
  /** How its `NN/NN/YYYY` dates were read. */
  readonly dateOrder: DateOrder;
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
