/**
 * The command line and the app answer from one façade: on the same history database, the same request
 * gives the same Prediction whether it comes through the app's IPC handler (a real core, real ONNX
 * session) or `pump-eta predict --json` (the bin script, a process of its own).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/app/core.js';
import { createHandlers } from '../../main/shell/handlers.js';
import {
  targetNoteFor,
  targetVerdict,
  TARGET_VERDICT_WORDS,
  type PredictRequest,
  type Prediction,
} from '../../contract/index.js';
import { cli } from '../fixtures/cli.js';
import { real, tempDir } from '../fixtures/lfb-files.js';

/** A winter evening (GMT) and a summer one (BST), with and without an offset. */
const CASES: readonly { readonly args: readonly string[]; readonly request: PredictRequest }[] = [
  {
    args: ['--easting', '530450', '--northing', '179050', '--time', '2026-11-28T17:50'],
    request: {
      location: { kind: 'coordinates', easting: 530_450, northing: 179_050 },
      callTime: '2026-11-28T17:50',
    },
  },
  {
    args: ['--postcode', 'NW7', '--pump-order', '2', '--time', '2026-07-01T08:15:00+01:00'],
    request: {
      location: { kind: 'postcodeDistrict', value: 'NW7' },
      callTime: '2026-07-01T08:15:00+01:00',
      pumpOrder: 2,
    },
  },
  {
    args: [
      '--ward',
      'Blackwall & Cubitt Town',
      '--station',
      'Millwall',
      '--property-category',
      'Dwelling',
      '--time',
      '2026-03-05T03:00',
    ],
    request: {
      location: { kind: 'ward', value: 'Blackwall & Cubitt Town' },
      station: 'Millwall',
      propertyCategory: 'Dwelling',
      callTime: '2026-03-05T03:00',
    },
  },
];

let cleanup: () => void;
let dbPath: string;
let core: Core;

beforeAll(async () => {
  const t = tempDir('pump-eta-same-answer-');
  cleanup = t.cleanup;
  dbPath = path.join(t.dir, 'history.sqlite');
  core = await createCore({ dbPath });
  // Real incidents: their wards and postcode districts become places both answer for.
  await core.importFiles([real('stations.csv'), real('incidents-2023-sample.csv')], () => undefined).done;
}, 180_000);

afterAll(async () => {
  await core?.close();
  cleanup?.();
});

describe('the CLI and the app, one façade', () => {
  it.each(CASES.map((c) => [c.args.join(' '), c] as const))(
    'predict %s answers the same in both',
    async (_name, { args, request }) => {
      const app = await createHandlers(core).predict(request, { emit: () => undefined });
      if (!app.ok) throw new Error(app.error);
      const run = await cli(['predict', ...args, '--json', '--db', dbPath]);
      expect(run.code, run.stderr).toBe(0);
      const fromCli = JSON.parse(run.stdout) as Prediction;
      expect(fromCli).toEqual(app.value);
      // A real answer, not two empty ones agreeing.
      expect(app.value.etaSeconds).toBeGreaterThan(0);
      expect(app.value.modelId).toBe(core.modelInService().id);
    },
    120_000,
  );

  it('ranks every station as the pump the request says, agreeing with predict for that pump', async () => {
    const where = ['--postcode', 'NW7', '--time', '2026-07-01T08:15:00+01:00'];
    const rank = async (order: number) => {
      const run = await cli([
        'rank',
        ...where,
        '--pump-order',
        String(order),
        '--all',
        '--json',
        '--db',
        dbPath,
      ]);
      expect(run.code, run.stderr).toBe(0);
      return (JSON.parse(run.stdout) as { stations: Prediction[] }).stations;
    };
    const first = await rank(1);
    const second = await rank(2);
    const app = await createHandlers(core).rankStations(
      {
        location: { kind: 'postcodeDistrict', value: 'NW7' },
        callTime: '2026-07-01T08:15:00+01:00',
        pumpOrder: 2,
      },
      { emit: () => undefined },
    );
    if (!app.ok) throw new Error(app.error);
    expect(second).toEqual(app.value.stations);
    // A second pump is not ranked as a first: the model's answers differ for it.
    const etaOf = (list: readonly Prediction[], code: string) =>
      list.find((p) => p.station.code === code)!.etaSeconds;
    expect(second.some((p) => etaOf(first, p.station.code) !== p.etaSeconds)).toBe(true);
    // Each row is the answer predict gives for that station's second pump.
    for (const row of second.slice(0, 3)) {
      const run = await cli([
        'predict',
        ...where,
        '--station',
        row.station.code,
        '--pump-order',
        '2',
        '--json',
        '--db',
        dbPath,
      ]);
      expect(run.code, run.stderr).toBe(0);
      const single = JSON.parse(run.stdout) as Prediction;
      expect([single.etaSeconds, single.withinTargetProbability]).toEqual([
        row.etaSeconds,
        row.withinTargetProbability,
      ]);
    }
  }, 180_000);

  it('rank says the pumps needed once above the stations, and judges each row as predict does', async () => {
    const where = ['--postcode', 'NW7', '--time', '2026-07-01T08:15:00+01:00', '--all', '--db', dbPath];
    const json = await cli(['rank', ...where, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const stations = (JSON.parse(json.stdout) as { stations: Prediction[] }).stations;
    const pumps = stations[0]!.pumps!;
    if (!pumps.available) throw new Error(pumps.reason);
    // One distribution for the incident: every station's row carries the same.
    expect(stations.every((s) => JSON.stringify(s.pumps) === JSON.stringify(pumps))).toBe(true);
    const text = await cli(['rank', ...where]);
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.split('\n');
    // No stop code given here: the line says the answer is rough, as the screen does.
    expect(pumps.caveat).toMatch(/^rough without a stop code/);
    const pumpsAt = lines.indexOf(`Pumps needed: ${pumps.summary} — ${pumps.caveat}`);
    const headerAt = lines.findIndex((l) => /^ {2}# {2}station/.test(l));
    expect(pumpsAt).toBeGreaterThanOrEqual(0);
    expect(pumpsAt).toBeLessThan(headerAt);
    expect(lines.filter((l) => l.startsWith('Pumps needed:'))).toHaveLength(1);
    // The target column is predict's verdict (by the chance), in predict's words, row by row.
    const seen = new Set<string>();
    stations.forEach((s, i) => {
      const row = lines[headerAt + 1 + i]!;
      expect(row).toContain(s.station.name);
      const words = TARGET_VERDICT_WORDS[targetVerdict(s)];
      seen.add(words);
      expect(row).toMatch(new RegExp(`\\s${words}\\s`));
    });
    expect(seen.size).toBeGreaterThan(1);
    expect(text.stdout).not.toContain('MISSED');
    expect(text.stdout).not.toContain('Note: target shown');
  }, 120_000);

  it('a second pump names its target as the first pump’s 6 minutes (the LFB’s second-pump target is 8)', async () => {
    const where = ['--postcode', 'NW7', '--pump-order', '2', '--db', dbPath];
    const rank = await cli(['rank', ...where]);
    expect(rank.code, rank.stderr).toBe(0);
    expect(rank.stdout).toContain(`Note: ${targetNoteFor(2)!}\n`);
    const predict = await cli(['predict', ...where, '--json']);
    expect(predict.code, predict.stderr).toBe(0);
    expect((JSON.parse(predict.stdout) as Prediction).targetNote).toBe(targetNoteFor(2));
    expect(targetNoteFor(2)).toContain('8 minutes');
    const text = await cli(['predict', ...where]);
    expect(text.stdout).toContain(`360 s target: `);
    expect(text.stdout).toContain(`  - ${targetNoteFor(2)!}\n`);
    const firstPump = await cli(['predict', '--postcode', 'NW7', '--json', '--db', dbPath]);
    expect((JSON.parse(firstPump.stdout) as Prediction).targetNote).toBeUndefined();
  }, 120_000);

  it("states the 360 s target in the app's words: the judgement follows the chance, not the ETA alone", async () => {
    const words = { met: 'likely met', uncertain: 'uncertain', missed: 'likely missed' } as const;
    const seen = new Set<string>();
    // Stations near and far from one incident: chances from almost sure to almost none (the demo model
    // puts Soho near a coin toss here).
    for (const station of ['Lambeth', 'Soho', 'Dowgate', 'Old Kent Road', 'Chelsea', 'Brixton', 'Peckham']) {
      const args = [
        '--easting',
        '529950',
        '--northing',
        '179550',
        '--station',
        station,
        '--time',
        '2026-11-28T17:50',
      ];
      const app = await createHandlers(core).predict(
        {
          location: { kind: 'coordinates', easting: 529_950, northing: 179_550 },
          station,
          callTime: '2026-11-28T17:50',
        },
        { emit: () => undefined },
      );
      if (!app.ok) throw new Error(app.error);
      const run = await cli(['predict', ...args, '--db', dbPath]);
      expect(run.code, run.stderr).toBe(0);
      const verdict = targetVerdict(app.value);
      seen.add(verdict);
      const percent = Math.round(app.value.withinTargetProbability * 100);
      expect(run.stdout).toContain(
        `360 s target: ${words[verdict]} (chance of arriving within it ${percent} %)`,
      );
    }
    // The stations span the bands, so a verdict taken from the ETA alone would be caught.
    expect(seen).toEqual(new Set(['met', 'uncertain', 'missed']));
  }, 180_000);
});
