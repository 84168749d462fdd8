import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli.js';
import { tempDir } from './helpers.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), env: {} },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('pump-eta synth', () => {
  it('writes the files and reports them as JSON', async () => {
    const dir = tempDir('cli');
    const c = capture();
    const code = await runCli(
      ['synth', '--out', dir, '--mobilisations', '250', '--format', 'csv', '--seed', '9', '--json'],
      c.io,
    );
    expect(code).toBe(0);
    const report = JSON.parse(c.out()) as {
      mobilisations: number;
      mobilisationsFile: string;
      incidents: number;
    };
    expect(report.mobilisations).toBe(250);
    expect(report.mobilisationsFile).toBe(path.join(dir, 'synthetic-mobilisations.csv'));
    expect(fs.readFileSync(report.mobilisationsFile, 'utf8').trim().split('\n')).toHaveLength(251);
    expect(fs.existsSync(path.join(dir, 'stations.csv'))).toBe(true);
  });

  it('refuses a missing --out, an unknown format and a bad count with a usage error', async () => {
    for (const args of [
      ['synth'],
      ['synth', '--out', tempDir('cli-bad'), '--format', 'ods'],
      ['synth', '--out', tempDir('cli-bad'), '--mobilisations', 'lots'],
    ]) {
      const c = capture();
      expect(await runCli(args, c.io)).toBe(2);
      expect(c.err()).toMatch(/^pump-eta synth: /);
    }
  });
});
