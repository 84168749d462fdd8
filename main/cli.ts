import { UsageError, type CliIO, type Command } from './cli/common.js';

/** Commands load lazily so `pump-eta predict` does not pay for the trainer's imports. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  import: async () => (await import('./cli/import.js')).importCommand,
  stats: async () => (await import('./cli/stats.js')).statsCommand,
  imports: async () => (await import('./cli/history.js')).importsCommand,
  'undo-import': async () => (await import('./cli/history.js')).undoImportCommand,
  synth: async () => (await import('./cli/synth.js')).synthCommand,
  train: async () => (await import('./cli/train.js')).trainCommand,
  evaluate: async () => (await import('./cli/evaluate.js')).evaluateCommand,
  predict: async () => (await import('./cli/predict.js')).predictCommand,
  rank: async () => (await import('./cli/predict.js')).rankCommand,
  models: async () => (await import('./cli/models.js')).modelsCommand,
  compare: async () => (await import('./cli/models.js')).compareCommand,
  promote: async () => (await import('./cli/models.js')).promoteCommand,
  rollback: async () => (await import('./cli/models.js')).rollbackCommand,
};

export const USAGE = `Pump ETA — attendance-time estimates for LFB dispatch (offline)

Usage: pump-eta <command> [options]

Data
  import FILE... [--db PATH] [--json] [--accept-partial]
                                          Import LFB Incident / Mobilisation / stations files (.xlsx, .csv);
                                          corrected records replace stored ones (earlier versions kept)
  imports [--db PATH] [--json]            Every import: id, file, kind, when, rows added / changed
  undo-import ID [--db PATH] [--json]     Remove what an import added and restore what it changed
  stats [--db PATH] [--json]              Row counts and date ranges in the history database
  synth --out DIR [--mobilisations N] [--format xlsx|csv] [--seed S]
                                          Write synthetic (not real) LFB-layout files with known ground truth

Models
  train [--db PATH] [--json] [--seed S] [--trees N] [--tune]
                                          Train a candidate from the history (time-based holdout);
                                          --tune picks leaves by time-based cross-validation first
  evaluate --model ID|FILE --data FILE... [--json]
                                          Metrics of a model on LFB files it has never seen
  predict --model ID|FILE --input FILE --output FILE.csv
                                          Estimates for every usable vehicle row of an LFB file
  models [--json]                         Every model; the champion is the one in service
  compare [ID] [--json]                   Champion vs a candidate on the same newest rows
  promote ID [--force]                    Put a candidate in service if the comparison allows
  rollback [ID]                           Back to the previous (or a given) model

Dispatch
  predict (--easting E --northing N | --postcode D | --ward W) [--station NAME] [--time ISO]
          [--pump-order N] [--incident-group G] [--property-category C] [--property-type T] [--json]
  rank    (--easting E --northing N | --postcode D | --ward W) [--time ISO] [--json]

The database is --db PATH, else $PUMP_ETA_DB, else history.sqlite in the app's user-data folder.
Only import creates it; the other commands say so when it does not exist (predict and rank answer
from the demo model on a fresh install).
`;

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(USAGE);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr(`pump-eta: unknown command '${name}'. Run 'pump-eta help' for the list.\n`);
    return 2;
  }
  try {
    const command = await load();
    return await command(rest, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`pump-eta ${name}: ${message.split('\n')[0]}\n`);
    return error instanceof UsageError ? error.exitCode : 1;
  }
}

const isMain = process.argv[1] !== undefined && /(?:pump-eta(?:\.mjs)?|cli\.[jt]s)$/.test(process.argv[1]);
if (isMain) {
  const code = await runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
  });
  process.exitCode = code;
}
