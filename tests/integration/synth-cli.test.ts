/**
 * `pump-eta synth` runs the synthetic data generator, which lives in tools/ and is not shipped: from a
 * source checkout it writes files (through bin/pump-eta.mjs, as a developer runs it), and in a build laid
 * out like the installed app (main/ compiled without tools/) it answers with one sentence, no stack trace.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_INSTALLED_MESSAGE } from '../../main/cli/synth.js';
import { buildCore } from '../fixtures/built-core.js';
import { cli, type CliRun } from '../fixtures/cli.js';
import { tempDir } from '../fixtures/lfb-files.js';

const run = promisify(execFile);

/** Runs a compiled cli.js as the packaged app's CLI would, never throwing. */
async function runBuilt(cliJs: string, args: readonly string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cliJs, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let out: { dir: string; cleanup: () => void };
let built: { dir: string; cleanup: () => void };

beforeAll(async () => {
  out = tempDir('pump-eta-synth-cli-');
  built = await buildCore([]);
});

afterAll(() => {
  out?.cleanup();
  built?.cleanup();
});

describe('pump-eta synth', () => {
  it('writes xlsx files from a source checkout (the workbooks on worker threads)', async () => {
    const target = path.join(out.dir, 'checkout');
    const r = await cli(['synth', '--out', target, '--mobilisations', '300', '--format', 'xlsx', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { mobilisations: number; mobilisationsFile: string };
    expect(report.mobilisations).toBe(300);
    expect(report.mobilisationsFile).toBe(path.join(target, 'synthetic-mobilisations.xlsx'));
    for (const file of ['synthetic-incidents.xlsx', 'synthetic-mobilisations.xlsx', 'stations.csv']) {
      expect(fs.statSync(path.join(target, file)).size).toBeGreaterThan(0);
    }
  });

  it('answers with one sentence where the generator is not installed', async () => {
    const cliJs = path.join(built.dir, 'main/cli.js');
    expect(fs.existsSync(cliJs)).toBe(true);
    expect(fs.existsSync(path.join(built.dir, 'tools'))).toBe(false);
    const target = path.join(out.dir, 'packaged');
    const r = await runBuilt(cliJs, ['synth', '--out', target, '--mobilisations', '300']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`pump-eta synth: ${NOT_INSTALLED_MESSAGE}\n`);
    expect(fs.existsSync(target)).toBe(false);
  });
});
