import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Prediction } from '../../contract/index.js';
import { cli, cliJson } from '../fixtures/cli.js';
import { tempDir } from '../fixtures/lfb-files.js';

/**
 * `pump-eta predict` and `rank` with a property type the model does not know (the demo model on a
 * fresh install): the answer goes on, estimated as "other", and says so in a Note line naming the
 * nearest values the model knows, so the next command can put a typing slip right.
 */
const t = tempDir('pump-eta-unknown-categories-');
afterAll(() => t.cleanup());

const WHERE = ['--easting', '531500', '--northing', '180000', '--time', '2026-11-28T17:30'];
const db = () => ['--db', path.join(t.dir, 'history.sqlite')];

describe('a property type the model does not know', () => {
  it('is said in a Note line with the nearest known values, and carried in --json', async () => {
    const args = ['predict', ...WHERE, '--property-type', 'Dwelling-house', ...db()];
    const text = await cli(args);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      /^Note: property type 'Dwelling-house' is not one the model knows: estimated as 'other' — did you mean 'House - single occupancy'(, '[^']+')*( or '[^']+')?\?$/m,
    );
    const json = await cliJson<Prediction>(args);
    expect(json.unknownCategories).toEqual([
      {
        field: 'propertyType',
        value: 'Dwelling-house',
        message: "property type 'Dwelling-house' is not one the model knows: estimated as 'other'",
        closest: expect.arrayContaining(['House - single occupancy']) as unknown as string[],
      },
    ]);

    const known = await cli(['predict', ...WHERE, '--property-type', 'House - single occupancy', ...db()]);
    expect(known.code, known.stderr).toBe(0);
    expect(known.stdout).not.toMatch(/^Note:/m);

    const ranked = await cli(['rank', ...WHERE, '--property-type', 'Dwelling-house', ...db()]);
    expect(ranked.code, ranked.stderr).toBe(0);
    expect(ranked.stdout).toMatch(/^Note: property type 'Dwelling-house' is not one the model knows/m);
  }, 120_000);
});
