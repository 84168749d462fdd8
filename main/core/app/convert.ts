/**
 * The core's records in the contract's shapes, and a finished training run registered: the same
 * words for the window and the command line.
 */
import type { FileReport, ImportResult, ModelSummary } from '../../../contract/index.js';
import { flatMetrics } from '../evaluation/risk.js';
import type { ImportResult as IngestResult } from '../ingest/types.js';
import type { ModelManager } from '../registry/manager.js';
import type { ModelRecord } from '../registry/registry.js';
import type { TrainingJobResult } from '../training/job.js';

/** `rollbackTargetId`: the model a plain rollback would restore (the registry's previous champion). */
export function toModelSummary(m: ModelRecord, rollbackTargetId: string | null = null): ModelSummary {
  return {
    id: m.id,
    status: m.status,
    isDemo: m.isDemo,
    createdAt: m.createdAt,
    createdBy: m.createdBy,
    parentId: m.parentId,
    trainedFrom: m.trainedFrom,
    trainedTo: m.trainedTo,
    rows: m.rows,
    metrics: m.metrics,
    forcedPromotion: m.forcedPromotion,
    rollbackTarget: m.id === rollbackTargetId,
  };
}

/** Flattens holdout numbers into the registry's metrics record (what `models` shows). */
export function metricsOf(result: TrainingJobResult): Record<string, number> {
  const m = result.holdout.metrics;
  return {
    ...flatMetrics(m, result.holdout.riskFlag, {
      withinTarget: result.holdout.probabilities.withinTarget.brier,
      late: result.holdout.probabilities.late.brier,
    }),
    holdoutRows: m.count,
    legacyFireRate: result.holdout.legacyFlag.fireRate,
    legacyPrecision: result.holdout.legacyFlag.precision,
    legacyRecall: result.holdout.legacyFlag.recall,
  };
}

/** Registers a finished training job's model as a candidate. */
export function registerTrained(
  manager: ModelManager,
  result: TrainingJobResult,
  seed: number | undefined,
): ModelRecord {
  return manager.register({
    bytes: result.bytes,
    trainedFrom: result.window.trainFrom,
    trainedTo: result.window.trainTo,
    rows: result.rows.train + result.rows.validation + result.rows.calibration + result.rows.holdout,
    params: { ...result.params, seed: seed ?? null, trees: result.trees },
    metrics: metricsOf(result),
    report: {
      dataset: result.dataset,
      rows: result.rows,
      window: result.window,
      calibration: result.calibration,
      riskThreshold: result.risk.threshold,
      legacyStations: result.risk.legacyStations,
      stations: result.holdout.stations,
    },
  });
}

/**
 * Import results in the contract's shape: unreadable or refused files become reports with an error.
 * `retryIdFor` registers a refused file that may be imported anyway and names it for the page.
 */
export function toImportResult(
  result: IngestResult,
  retryIdFor: (file: string) => string = () => '',
): ImportResult {
  const files: FileReport[] = result.files.map((f) => ({
    file: f.file,
    kind: f.kind,
    rowsRead: f.rowsRead,
    rowsImported: f.rowsImported,
    rowsChanged: f.rowsChanged,
    rowsDuplicate: f.rowsDuplicate,
    rowsRejected: f.rowsRejected,
    rejected: f.rejected as Record<string, number>,
    examples: f.examples.map((e) => ({ reason: e.reason, row: e.row, message: e.message })),
    changedFields: f.changedFields,
    ...(f.waitingForIncidents !== undefined ? { waitingForIncidents: f.waitingForIncidents } : {}),
    acceptedPartial: f.acceptedPartial,
    notes: f.notes,
  }));
  for (const e of result.errors) {
    const retryId = e.acceptable ? retryIdFor(e.file) : '';
    files.push({
      file: e.file,
      kind: 'unknown',
      rowsRead: 0,
      rowsImported: 0,
      rowsChanged: 0,
      rowsDuplicate: 0,
      rowsRejected: 0,
      rejected: {},
      examples: [],
      error: e.message,
      ...(retryId ? { retryId } : {}),
    });
  }
  return { files };
}
