import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STATIONS, type SyntheticShift } from '../../../tools/synthetic/index.js';
import { generateCsv } from './helpers.js';

/**
 * The generator's known shift: from its day on one station's vehicles arrive later and one station is
 * replaced by a new one; before it the files are those of the same seed without a shift, and the same
 * options give the same bytes.
 */
const BASE = { mobilisations: 4000, seed: 'shift', startDate: '2023-01-01', months: 2 } as const;
const FROM = '2023-02-01';
const slowed = STATIONS[0]!;
const replaced = STATIONS[1]!;
const SHIFT: SyntheticShift = {
  from: FROM,
  slowerStation: slowed.code,
  slowerBySeconds: 60,
  newStation: { replaces: replaced.code, code: 'Z99', name: 'Newtown' },
};
const plain = await generateCsv('shift-plain', BASE);
const shifted = await generateCsv('shift-on', { ...BASE, shift: SHIFT });

/** `YYYY-MM-DD` of a Mobilisation row's day-first DateAndTimeMobilised. */
const dayOf = (text: string) => text.slice(6, 10) + '-' + text.slice(3, 5) + '-' + text.slice(0, 2);

describe('synthetic files with a shift', () => {
  it('are those of the same seed before the shift day', () => {
    const before = (rows: Record<string, string>[]) =>
      rows.filter((r) => dayOf(r.DateAndTimeMobilised!) < FROM).map((r) => JSON.stringify(r));
    const a = before(plain.mobilisations);
    expect(a.length).toBeGreaterThan(1000);
    expect(before(shifted.mobilisations)).toEqual(a);
  });

  it('replace the station from the shift day on: a new code and name, its ground and wards too', () => {
    const after = shifted.mobilisations.filter((r) => dayOf(r.DateAndTimeMobilised!) >= FROM);
    expect(
      after.some((r) => r.DeployedFromStation_Code === 'Z99' && r.DeployedFromStation_Name === 'Newtown'),
    ).toBe(true);
    expect(after.some((r) => r.DeployedFromStation_Code === replaced.code)).toBe(false);
    expect(shifted.incidents.some((i) => i.IncGeo_WardName?.startsWith('NEWTOWN '))).toBe(true);
    expect(fs.readFileSync(shifted.result.stationsFile, 'utf8')).toMatch(/^Newtown,Z99,/m);
    expect(fs.readFileSync(plain.result.stationsFile, 'utf8')).not.toMatch(/Z99/);
  });

  it('make the slowed station slower by the shift, on average', () => {
    const mean = (rows: Record<string, string>[]) => {
      const times = rows
        .filter((r) => r.DeployedFromStation_Code === slowed.code && dayOf(r.DateAndTimeMobilised!) >= FROM)
        .map((r) => Number(r.AttendanceTimeSeconds))
        .filter((s) => s > 0);
      return times.reduce((s, t) => s + t, 0) / times.length;
    };
    // Later draws depend on earlier ones, so the two runs' calls differ after the day: compare means.
    expect(mean(shifted.mobilisations) - mean(plain.mobilisations)).toBeGreaterThan(30);
  });

  it('are the same bytes for the same options, and refuse an unknown or clashing station', async () => {
    const again = await generateCsv('shift-again', { ...BASE, shift: SHIFT });
    expect(fs.readFileSync(again.result.mobilisationsFile)).toEqual(
      fs.readFileSync(shifted.result.mobilisationsFile),
    );
    await expect(
      generateCsv('shift-bad', { ...BASE, shift: { from: FROM, slowerStation: 'NOPE' } }),
    ).rejects.toThrow(/unknown synthetic station code 'NOPE'/);
    await expect(
      generateCsv('shift-clash', {
        ...BASE,
        shift: { from: FROM, newStation: { replaces: replaced.code, code: slowed.code, name: 'X' } },
      }),
    ).rejects.toThrow(/must not be an existing one/);
  });
});
