import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError, type Command } from './common.js';

/**
 * The synthetic data generator is a development tool (tests, benchmarks, the demo model's build): it lives
 * in tools/synthetic/ at the top of a source checkout and the installed app does not ship it. Relative to
 * this file in the sources (main/cli/) and in a checkout's compiled copy (.tmp/cli/<hash>/main/cli/).
 * Held in a variable rather than written in the import: tsc follows a literal import and would compile the
 * generator into the shipped dist/.
 */
const GENERATOR_CLI = '../../tools/synthetic/cli.js';

/** Exit code when the command cannot run in this installation (not a usage mistake). */
const NOT_INSTALLED_EXIT_CODE = 1;

export const NOT_INSTALLED_MESSAGE =
  'the synthetic data generator is not part of the installed app: ' +
  'run `npx pump-eta synth` from a source checkout of Pump ETA.';

/** True when the generator's module (compiled, or TypeScript run through tsx) is on disk beside this CLI. */
function generatorPresent(moduleUrl: URL): boolean {
  const jsPath = fileURLToPath(moduleUrl);
  return fs.existsSync(jsPath) || fs.existsSync(jsPath.replace(/\.js$/, '.ts'));
}

/**
 * `pump-eta synth …`: loads the generator's command (tools/synthetic/cli.ts) when this is a checkout and
 * answers with one sentence when it is not.
 */
export const synthCommand: Command = async (argv, io) => {
  const moduleUrl = new URL(GENERATOR_CLI, import.meta.url);
  if (!generatorPresent(moduleUrl)) throw new UsageError(NOT_INSTALLED_MESSAGE, NOT_INSTALLED_EXIT_CODE);
  const generator = (await import(moduleUrl.href)) as { synthCommand: Command };
  return generator.synthCommand(argv, io);
};
