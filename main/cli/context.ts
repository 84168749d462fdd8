import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, ModelFileError, type Core } from '../core/app/core.js';
import { openDatabase } from '../core/db/index.js';
import type { TrainingRows } from '../core/training/dataset.js';
import type { FleetSettings } from '../../contract/fleet.js';
import type { LoadedModel } from '../core/serving/service.js';
import { cliDbPath, requireExistingDb, UsageError, type CliIO } from './common.js';
import type { FileReport } from '../core/ingest/index.js';
import type { DatasetReport } from '../core/training/dataset.js';

export interface CliContext {
  readonly dbPath: string;
  /** The façade the app uses too: every answer and change goes through it. */
  readonly core: Core;
  close(): Promise<void>;
}

export interface ContextOptions {
  /**
   * Open (creating) a database that does not exist yet. Only for answering from the demo model on a
   * fresh install (`predict`, `rank`); every command that reads the history refuses a missing one.
   */
  readonly create?: boolean;
  /**
   * The command places a postcode or ward: the history's gazetteer starts building (in a worker) at
   * once, alongside the model loading. Other commands build it only if they wait for it.
   */
  readonly placesByName?: boolean;
  /** Flags that override the saved fleet settings for this command (publish, sync). */
  readonly fleetOverrides?: Partial<FleetSettings>;
}

/** Opens the database and the model in service, as the app does, and says so if it had to fall back. */
export async function openContext(
  dbFlag: string | undefined,
  io: CliIO,
  options: ContextOptions = {},
): Promise<CliContext> {
  const dbPath = cliDbPath(dbFlag, io);
  if (!options.create) requireExistingDb(dbPath);
  // Answers are logged in this thread: a command answers once, and a log thread would only delay it.
  const core = await createCore({
    dbPath,
    auditLog: 'inline',
    historyPlaces: options.placesByName ? 'at-open' : 'on-demand',
    // A command waits for the build before it answers: it is not background work.
    historyPlacesPriority: 'foreground',
    ...(options.fleetOverrides ? { fleetOverrides: options.fleetOverrides } : {}),
  });
  for (const w of core.warnings) io.stderr(`pump-eta: warning: ${w}\n`);
  if (core.settingsWarning) io.stderr(`pump-eta: warning: ${core.settingsWarning}\n`);
  return { dbPath, core, close: () => core.close() };
}

/** `--model` names a registered model (id or prefix) or an .onnx file on disk; absent, the model in service. */
export async function resolveModelArg(ctx: CliContext, arg: string | undefined): Promise<LoadedModel> {
  if (arg === undefined) return ctx.core.modelInService();
  try {
    return await ctx.core.loadModel(arg);
  } catch (error) {
    if (!(error instanceof ModelFileError)) throw error;
    // The decoder's own words ("invalid wire type 4 at offset 3") mean nothing to the person who typed it.
    throw new UsageError(
      `--model ${arg} is not a Pump ETA model (an .onnx file made by 'pump-eta train'; ` +
        `'pump-eta models' lists the registered ones): ${(error.cause as Error).message}`,
      1,
    );
  }
}

/** A scratch folder removed afterwards, for evaluating files without touching the history. */
export function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pump-eta-'));
  return fn(dir).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}

export function fmtSeconds(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '—' : `${v.toFixed(1)} s`;
}

export function fmtShare(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)} %`;
}

/**
 * Imports LFB files into a scratch database (never the history) and reads their vehicle rows with
 * the model's own station table, so a file is scored exactly as the model would see it.
 */
export async function withFileRows<T>(
  model: LoadedModel,
  files: readonly string[],
  requireTarget: boolean,
  fn: (rows: TrainingRows) => Promise<T>,
): Promise<T> {
  // Loaded here, not at the top: a single `predict` or `rank` never reads files and starts faster.
  const [{ importFiles }, { loadTrainingRows }] = await Promise.all([
    import('../core/ingest/index.js'),
    import('../core/training/dataset.js'),
  ]);
  return withTempDir(async (dir) => {
    const dbPath = path.join(dir, 'scratch.sqlite');
    // Scoring a file is not adding it to the history: its usable rows are scored whatever share of
    // its rows was rejected, as before the history's checks existed.
    const imported = await importFiles(dbPath, [...files], { acceptPartial: true });
    if (imported.errors.length) throw new Error(imported.errors[0]!.message);
    const db = openDatabase(dbPath);
    try {
      const stations = model.meta.featureSpec.stations.map((s) => ({ ...s, source: 'imported' as const }));
      const rows = loadTrainingRows(db, {
        stationTable: { stations, imported: stations.length, estimated: 0 },
        requireTarget,
      });
      if (rows.target.length === 0) throw noRowsError(imported.files, rows.report, requireTarget);
      return await fn(rows);
    } finally {
      db.close();
    }
  });
}

const DROP_WORDS: Readonly<Record<keyof DatasetReport['dropped'], string>> = {
  noIncident: 'no matching Incident row',
  missingTarget: 'no attendance time',
  implausibleTime: 'an implausible attendance time',
  unknownStation: 'a station the model does not know',
  noLocation: 'no location',
  outsideLondon: 'a location outside London',
  noPumpOrder: 'no pump order',
  implausibleSpeed: 'an implausible speed',
};

/** Why a file gave nothing to score, in words: the wrong kind of file, or every row dropped and why. */
function noRowsError(
  files: readonly FileReport[],
  report: DatasetReport,
  requireTarget: boolean,
): UsageError {
  const names = files.map((f) => `${path.basename(f.file)} (${f.kind})`).join(', ');
  const vehicleFiles = files.filter((f) => f.kind === 'mobilisations' || f.kind === 'incidents');
  if (vehicleFiles.length === 0) {
    return new UsageError(
      `no vehicle rows to score in ${names}: give an LFB Mobilisation file, or an Incident file ` +
        `with its first-pump columns`,
      1,
    );
  }
  const reasons = Object.entries(report.dropped)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${n} with ${DROP_WORDS[reason as keyof typeof DROP_WORDS]}`);
  const what = requireTarget ? 'usable vehicle rows with an attendance time' : 'usable vehicle rows';
  return new UsageError(
    `no ${what} in ${names}: ${report.read} vehicle rows read` +
      (reasons.length ? `, dropped: ${reasons.join(', ')}` : '') +
      (files.some((f) => f.kind === 'mobilisations') && !files.some((f) => f.kind === 'incidents')
        ? '. A Mobilisation file needs the Incident file of the same period for the locations: give both'
        : ''),
    1,
  );
}
