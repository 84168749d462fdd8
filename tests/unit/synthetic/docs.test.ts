import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GROUND_TRUTH, noiseConstants, STATIONS } from '../../../tools/synthetic/index.js';

const doc = fs.readFileSync(
  fileURLToPath(new URL('../../../docs/synthetic-data.md', import.meta.url)),
  'utf8',
);
const numbers = (values: readonly number[]) => values.map((v) => v.toFixed(2)).join(' ');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A markdown table row with these cells, however the formatter padded it. */
const tableRow = (...cells: (string | number)[]) =>
  new RegExp(`\\|\\s*${cells.map((c) => escape(String(c))).join('\\s*\\|\\s*')}\\s*\\|`);

/** The documented ground truth is what tests and learners are judged against: it must match the code. */
describe('docs/synthetic-data.md', () => {
  it('states every slow station and its offset', () => {
    for (const [code, seconds] of Object.entries(GROUND_TRUTH.slowStations)) {
      const name = STATIONS.find((s) => s.code === code)!.name;
      expect(doc).toMatch(tableRow(code, name, seconds));
    }
  });

  it('states the hour, month, turnout and property tables', () => {
    for (const type of ['weekday', 'saturday', 'sunday'] as const) {
      expect(doc).toContain(`${type}: ${numbers(GROUND_TRUTH.hourSpeedFactor[type])}`);
    }
    expect(doc).toContain(numbers(GROUND_TRUTH.monthSpeedFactor));
    expect(doc).toContain(GROUND_TRUTH.turnoutSecondsByHour.join(' ').slice(0, 60));
    for (const [category, seconds] of Object.entries(GROUND_TRUTH.propertyCategorySeconds)) {
      expect(doc).toMatch(tableRow(category, seconds));
    }
  });

  it('states the travel and noise parameters', () => {
    const T = GROUND_TRUTH;
    expect(doc).toContain(`${T.travelFixedSeconds} s + kolesar(${T.detourFactor} ×`);
    expect(doc).toContain(`√(d / ${T.accelerationMps2})`);
    expect(doc).toContain(`d / ${T.cruiseSpeedMps}`);
    expect(doc).toContain(`exp(${T.noise.sigma}·Z)`);
    expect(doc).toContain(`probability ${(1 - T.noise.delayProbability).toFixed(2)}`);
    expect(doc).toContain(`Exponential(mean ${T.noise.delayMeanFraction})`);
    expect(doc).toContain(`× ${T.schoolHolidaySpeedFactor} on school-holiday weekdays`);
    expect(doc).toContain(`c\` = ${noiseConstants().medianOfNoise.toFixed(5)}`);
    expect(doc).toContain(`${noiseConstants().maeOverMedian.toFixed(4)} × median`);
  });
});
