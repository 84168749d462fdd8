import type { LfbKind } from '../lfb/columns.js';
import type { SerializedError } from '../workers/protocol.js';
import type { DateOrder, DateOrderEvidence } from '../lfb/date-order.js';
import type { RejectExample, RejectReason } from '../lfb/reasons.js';
import type { EncodedRows } from './row-codec.js';
import type { FileFormat } from './sniff.js';

/**
 * Messages between an import (the writing thread) and its reader thread (read-worker.ts). The reader
 * starts as any worker does (a WorkerInit whose request is a ReaderStart, with a control port for the
 * cancel) and fails in the one serialised error shape; in between, its batches travel on this
 * back-pressured channel of their own.
 */

export interface ReaderStart {
  readonly file: string;
  readonly size: number;
  readonly dateOrder: DateOrder;
}

/** To the reader: a batch was written, send another. */
export type ReaderRequest = { readonly type: 'ack' };

export type ReaderReply =
  /** The header was recognised: the import's transaction may begin. */
  | {
      readonly type: 'header';
      readonly kind: LfbKind;
      readonly missingModelColumns: string[];
      /** Stored columns the file has no column for: their stored values are kept. */
      readonly absentColumns: string[];
    }
  | {
      readonly type: 'rows';
      readonly batch: EncodedRows;
      readonly rowsRead: number;
      readonly bytesRead: number;
    }
  /** A batch whose rows were all rejected (or blank): progress only. */
  | { readonly type: 'progress'; readonly rowsRead: number; readonly bytesRead: number }
  | {
      readonly type: 'done';
      readonly format: FileFormat;
      readonly sheetName: string;
      readonly notes: string[];
      readonly rowsRead: number;
      readonly rejected: Partial<Record<RejectReason, number>>;
      readonly rejectedTotal: number;
      readonly examples: RejectExample[];
      readonly sha256: string;
      readonly dateOrder: DateOrder;
      readonly dates: DateOrderEvidence;
    }
  /** The reading failed or was cancelled (a DateOrderRereadError carries the order to read in). */
  | { readonly type: 'error'; readonly error: SerializedError };
