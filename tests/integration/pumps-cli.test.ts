import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pumpsSummary, type Prediction } from '../../contract/index.js';
import { PUMPS_SUMMARY } from '../fixtures/pumps-summary.js';
import { cli } from '../fixtures/cli.js';
import { tempDir } from '../fixtures/lfb-files.js';

/** `pump-eta predict` on a fresh install (the demo model, which carries the pumps classifier). */
const t = tempDir('pump-eta-pumps-cli-');
afterAll(() => t.cleanup());

const ARGS = [
  'predict',
  '--easting',
  '531500',
  '--northing',
  '180000',
  '--stop-code',
  'Primary Fire',
  '--property-category',
  'Dwelling',
  '--time',
  '2026-11-28T03:30',
  '--db',
  path.join(t.dir, 'history.sqlite'),
];

describe('pump-eta predict and the pumps needed', () => {
  it('prints the incident screen’s pumps line, and --json carries the distribution behind it', async () => {
    const json = await cli([...ARGS, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const p = JSON.parse(json.stdout) as Prediction;
    const pumps = p.pumps!;
    if (!pumps.available) throw new Error(`the demo model should answer pumps: ${pumps.reason}`);
    expect(pumps.probabilities).toHaveLength(5);
    expect(pumps.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    expect(pumps.mostLikely).toBe(pumps.probabilities.indexOf(Math.max(...pumps.probabilities)) + 1);

    const text = await cli(ARGS);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`Pumps needed: ${pumps.summary}\n`);
    expect(pumps.summary).toMatch(PUMPS_SUMMARY);
    expect(pumps.summary).toBe(pumpsSummary(pumps.likely, pumps.fourOrMoreProbability));
  }, 120_000);
});
