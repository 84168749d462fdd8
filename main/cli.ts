import fs from 'node:fs';
import { UsageError, type CliIO, type Command } from './cli/common.js';
import { helpAnswer, isHelpRequest, USAGE } from './cli/usage.js';

/** Commands load lazily so `pump-eta predict` does not pay for the trainer's imports. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  import: async () => (await import('./cli/import.js')).importCommand,
  stats: async () => (await import('./cli/stats.js')).statsCommand,
  audit: async () => (await import('./cli/audit.js')).auditCommand,
  imports: async () => (await import('./cli/history.js')).importsCommand,
  'undo-import': async () => (await import('./cli/history.js')).undoImportCommand,
  synth: async () => (await import('./cli/synth.js')).synthCommand,
  train: async () => (await import('./cli/train.js')).trainCommand,
  evaluate: async () => (await import('./cli/evaluate.js')).evaluateCommand,
  predict: async () => (await import('./cli/predict.js')).predictCommand,
  rank: async () => (await import('./cli/predict.js')).rankCommand,
  stations: async () => (await import('./cli/predict.js')).stationsCommand,
  cover: async () => (await import('./cli/cover.js')).coverCommand,
  models: async () => (await import('./cli/models.js')).modelsCommand,
  compare: async () => (await import('./cli/models.js')).compareCommand,
  promote: async () => (await import('./cli/models.js')).promoteCommand,
  rollback: async () => (await import('./cli/models.js')).rollbackCommand,
  publish: async () => (await import('./cli/fleet.js')).publishCommand,
  sync: async () => (await import('./cli/fleet.js')).syncCommand,
  keys: async () => (await import('./cli/fleet.js')).keysCommand,
  settings: async () => (await import('./cli/fleet.js')).settingsCommand,
  monitor: async () => (await import('./cli/monitor.js')).monitorCommand,
};

export { USAGE };

/** Exit code of a command line that asked for something impossible (as parseArgs errors use). */
const USAGE_EXIT_CODE = 2;

/** The package's version, from the nearest package.json (a checkout's, or the installed app's). */
function packageVersion(): string {
  for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
    const file = new URL('package.json', dir);
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'pump-eta') return pkg.version ?? 'unknown';
    }
    if (dir.pathname === '/' || new URL('../', dir).href === dir.href) return 'unknown';
  }
}

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  const load = name === undefined ? undefined : COMMANDS[name];
  if (!name || isHelpRequest([...argv])) {
    const answer =
      helpAnswer([...argv], packageVersion()) ?? (load ? { code: 0, stdout: USAGE, stderr: '' } : null);
    if (answer) {
      io.stdout(answer.stdout);
      io.stderr(answer.stderr);
      return answer.code;
    }
  }
  if (!load) {
    io.stderr(`pump-eta: unknown command '${name}'. Run 'pump-eta help' for the list.\n`);
    return 2;
  }
  try {
    const command = await load();
    return await command(rest, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const first = message.split('\n')[0] ?? '';
    // Many messages already start with the command's name ("audit: --from …"): said once, not twice.
    const said = name && first.startsWith(`${name}: `) ? first.slice(name.length + 2) : first;
    io.stderr(`pump-eta ${name}: ${said}\n`);
    if (error instanceof UsageError) return error.exitCode;
    // The core's InputError names a field the user typed: a usage problem, like a bad flag.
    return error instanceof Error && error.name === 'InputError' ? USAGE_EXIT_CODE : 1;
  }
}

/**
 * `pump-eta models | head -1`: the reader went away, so the rest of the output has nowhere to go.
 * That is the reader's choice, not an error: later writes are dropped and the command still finishes
 * (its answer is logged, its database closed), as Unix tools do. Returns the guarded writer.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

const isMain = process.argv[1] !== undefined && /(?:pump-eta(?:\.mjs)?|cli\.[jt]s)$/.test(process.argv[1]);
if (isMain) {
  const code = await runCli(process.argv.slice(2), {
    stdout: quietOnClosedPipe(process.stdout),
    stderr: quietOnClosedPipe(process.stderr),
    env: process.env,
  });
  process.exitCode = code;
}
