/**
 * The history database on its own, for what needs no model: importing files, the import log, undo and
 * the counts. The app's core and the command line both come here, so the Data screen and
 * `pump-eta imports`/`stats` read the same numbers the same way.
 */
import type { DataSummary } from '../../../contract/index.js';
import { openDatabase, type Db } from '../db/index.js';
import type { ImportOptions } from '../ingest/index.js';
import { listImports, undoImport, type ImportEntry, type UndoResult } from '../ingest/history.js';
import { readStats, readStoreStats, type HistoryStats } from '../ingest/stats.js';
import type { ImportResult as IngestResult } from '../ingest/types.js';

export { JobCancelledError } from '../workers/protocol.js';
export { UndoError, type ImportEntry } from '../ingest/history.js';
export type { HistoryStats, RangeStats } from '../ingest/stats.js';
export type { FileReport, ImportResult as IngestResult } from '../ingest/types.js';

/**
 * Imports files into the history at dbPath (created if need be). The importer is loaded here, not at
 * start-up: a single `predict` never reads files and starts faster without it.
 */
export async function importIntoHistory(
  dbPath: string,
  paths: readonly string[],
  options: ImportOptions = {},
): Promise<IngestResult> {
  const { importFiles } = await import('../ingest/index.js');
  return importFiles(dbPath, [...paths], options);
}

export interface HistoryOpenOptions {
  readonly readonly?: boolean;
  readonly nativeBinding?: string;
}

export class History {
  /** Wraps a connection someone else owns (the core's); `close` is then theirs to call. */
  constructor(readonly db: Db) {}

  /** Opens the database at dbPath; a reader that only looks opens it read-only. */
  static open(dbPath: string, options: HistoryOpenOptions = {}): History {
    return new History(openDatabase(dbPath, options));
  }

  /** Every import, newest first, undone ones included. */
  imports(): ImportEntry[] {
    return listImports(this.db);
  }

  /** Removes what import `id` added and restores what it changed; throws UndoError when it cannot. */
  undo(id: number): UndoResult {
    return undoImport(this.db, id);
  }

  stats(): HistoryStats {
    return readStats(this.db);
  }

  /** The Data screen's numbers: the import log, row counts and the dates the incidents span. */
  summary(): DataSummary {
    const imports = this.imports().map((i) => ({
      id: i.id,
      fileName: i.fileName,
      kind: i.kind,
      finishedAt: i.finishedAt,
      rowsImported: i.rowsAdded,
      rowsChanged: i.rowsChanged,
      rowsDuplicate: i.rowsUnchanged,
      rowsRejected: i.rowsRejected,
      acceptPartial: i.acceptPartial,
      undoneAt: i.undoneAt,
    }));
    const history = this.stats();
    const store = readStoreStats(this.db);
    return {
      imports,
      counts: {
        incidents: history.incidents.count,
        mobilisations: history.mobilisations.count,
        stations: history.stations.count,
        models: store.models,
        predictions: store.predictions,
      },
      range: { from: history.incidents.firstDate, to: history.incidents.lastDate },
      weather: {
        hours: history.weather.hours,
        firstHour: history.weather.firstHour,
        lastHour: history.weather.lastHour,
        gaps: history.weather.gaps,
        sources: history.weather.sources,
      },
    };
  }

  close(): void {
    this.db.close();
  }
}
