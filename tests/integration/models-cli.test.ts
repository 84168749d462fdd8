import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMetric } from '../../main/cli/models.js';
import { openDatabase } from '../../main/core/db/index.js';
import { metricInfo } from '../../contract/metric-labels.js';
import { cli, cliJson } from '../fixtures/cli.js';
import { real, tempDir } from '../fixtures/lfb-files.js';

/**
 * The journey through the CLI on real LFB records: a fresh database answers from the demo model;
 * import + train + compare + promote puts a better model in service; a deliberately weak model is
 * refused with the reason recorded; rollback restores the previous champion.
 */
let dir: string;
let cleanup: () => void;
let db: string;
beforeAll(() => {
  ({ dir, cleanup } = tempDir('pump-eta-models-'));
  db = path.join(dir, 'history.sqlite');
});
afterAll(() => cleanup());

interface Prediction {
  etaSeconds: number;
  p90Seconds: number;
  underestimationRisk: boolean;
  underestimationProbability: number;
  withinTargetProbability: number;
  beyondExperience: boolean;
  distanceMetres: number;
  reasons: string[];
  meetsTarget: boolean;
  modelId: string;
  isDemoModel: boolean;
  station: { code: string; name: string };
}

interface ModelsJson {
  champion: string;
  models: Array<{ id: string; status: string; isDemo: boolean; metrics: Record<string, number> }>;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const where = ['--easting', '530450', '--northing', '179050'];

interface EvaluateJson {
  metrics: Record<string, number>;
  overlap: {
    window: { from: string; to: string };
    rows: number;
    of: number;
    share: number;
    from: string | null;
    to: string | null;
  };
}

describe('models through the CLI', () => {
  let demoId = '';
  let goodId = '';

  it('answers from the demo model on a fresh database, and says so', async () => {
    const p = await cliJson<Prediction>(['predict', '--db', db, ...where, '--time', '2023-06-01T14:00:00Z']);
    expect(p.isDemoModel).toBe(true);
    expect(p.etaSeconds).toBeGreaterThan(60);
    expect(p.etaSeconds).toBeLessThan(1200);
    expect(p.p90Seconds).toBeGreaterThanOrEqual(p.etaSeconds);
    expect(p.meetsTarget).toBe(p.etaSeconds <= 360);
    demoId = p.modelId;
    const human = await cli(['predict', '--db', db, ...where]);
    expect(human.stdout).toMatch(/^DEMO MODEL/);
  });

  it('trains on real records, compares on the shared holdout and promotes', async () => {
    const imported = await cli([
      'import',
      real('incidents-2023-sample.csv'),
      real('stations.csv'),
      '--db',
      db,
      '--json',
    ]);
    expect(imported.code).toBe(0);
    const trained = await cliJson<{
      modelId: string;
      metrics: Record<string, number>;
      rows: Record<string, number>;
    }>(['train', '--db', db, '--seed', '7', '--trees', '150']);
    goodId = trained.modelId;
    expect(trained.metrics.mae).toBeGreaterThan(40); // real data is noisy: far lower would mean a leak
    expect(trained.metrics.mae).toBeLessThan(80);
    expect(trained.rows.holdout).toBeGreaterThan(1000);

    const comparison = await cliJson<{
      rows: number;
      champion: Record<string, number>;
      challenger: Record<string, number>;
      decision: { promote: boolean };
    }>(['compare', '--db', db]);
    expect(comparison.rows).toBe(trained.rows.holdout);
    expect(comparison.challenger.mae).toBeCloseTo(trained.metrics.mae!, 1);
    expect(comparison.challenger.mae).toBeLessThan(comparison.champion.mae!);
    expect(comparison.decision.promote).toBe(true);

    const promoted = await cli(['promote', goodId, '--db', db]);
    expect(promoted.code).toBe(0);
    const models = await cliJson<ModelsJson>(['models', '--db', db]);
    expect(models.champion).toBe(goodId);
    expect(models.models.filter((m) => m.status === 'champion').map((m) => m.id)).toEqual([goodId]);
    const p = await cliJson<Prediction>(['predict', '--db', db, ...where]);
    expect(p.modelId).toBe(goodId);
    expect(p.isDemoModel).toBe(false);
    for (const chance of [p.withinTargetProbability, p.underestimationProbability]) {
      expect(chance).toBeGreaterThanOrEqual(0);
      expect(chance).toBeLessThanOrEqual(1);
    }
    expect(p.underestimationRisk).toBe(p.reasons.some((r) => /similar calls arrived over 2 minutes/.test(r)));
  });

  it('refuses a deliberately weak challenger and records why', async () => {
    // Trained with text output: its metrics read under the Models screen's names.
    const trainedText = await cli(['train', '--db', db, '--seed', '8', '--trees', '1']);
    expect(trainedText.code).toBe(0);
    const weak = { modelId: /Trained candidate model (\S+) in/.exec(trainedText.stdout)![1]! };
    const listed = (await cliJson<ModelsJson>(['models', '--db', db])).models.find(
      (m) => m.id === weak.modelId,
    )!;
    expect(Object.keys(listed.metrics)).toEqual(
      expect.arrayContaining(['mae', 'p90Coverage', 'riskPrecision']),
    );
    for (const [key, value] of Object.entries(listed.metrics)) {
      const line = new RegExp(
        `^ {2}${escapeRegExp(metricInfo(key).label)} +${escapeRegExp(formatMetric(key, value))}$`,
        'm',
      );
      expect(trainedText.stdout).toMatch(line);
    }
    const refused = await cli(['promote', weak.modelId, '--db', db]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toMatch(/KEEP the champion — MAE .* is not lower than the champion's/);
    const models = await cliJson<ModelsJson>(['models', '--db', db]);
    expect(models.champion).toBe(goodId);
    const handle = openDatabase(db, { readonly: true });
    const event = handle
      .prepare(`SELECT action, reason FROM model_events WHERE model_id = ? ORDER BY id DESC LIMIT 1`)
      .get(weak.modelId) as { action: string; reason: string };
    handle.close();
    expect(event.action).toBe('refuse');
    expect(event.reason).toMatch(/not lower than the champion's/);

    // Nor can a rollback put the refused candidate in service: it never served.
    const back = await cli(['rollback', weak.modelId, '--db', db]);
    expect(back.code).not.toBe(0);
    expect(back.stderr).toMatch(
      new RegExp(
        `model ${weak.modelId} has never been in service, so it cannot be rolled back to: it is a candidate`,
      ),
    );
    expect(back.stderr).toMatch(new RegExp(`pump-eta promote ${weak.modelId}`));
    expect((await cliJson<ModelsJson>(['models', '--db', db])).champion).toBe(goodId);
  });

  it('refuses a plain rollback past the first trained model; the demo model is put back only when named', async () => {
    const r = await cli(['rollback', '--db', db]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/there is no earlier trained model to roll back to/);
    expect((await cliJson<Prediction>(['predict', '--db', db, ...where])).modelId).toBe(goodId);
    const named = await cli(['rollback', demoId, '--db', db]);
    expect(named.code, named.stderr).toBe(0);
    const p = await cliJson<Prediction>(['predict', '--db', db, ...where]);
    expect(p.modelId).toBe(demoId);
  });

  it('ranks every station for an incident, fastest first', async () => {
    const ranked = await cliJson<{ stations: Prediction[] }>(['rank', '--db', db, '--postcode', 'SE1']);
    expect(ranked.stations.length).toBeGreaterThan(90);
    const etas = ranked.stations.map((s) => s.etaSeconds);
    expect(etas).toEqual([...etas].sort((a, b) => a - b));
    // Faster answers are likelier to meet the target, and the farthest are beyond experience, said so.
    const chance = ranked.stations.map((s) => s.withinTargetProbability);
    expect(chance[0]!).toBeGreaterThan(chance.at(-1)!);
    const farthest = ranked.stations.reduce((a, b) => (b.distanceMetres > a.distanceMetres ? b : a));
    expect(farthest.beyondExperience).toBe(true);
    expect(farthest.reasons.at(-1)).toMatch(/farther than 99 % of the drives this model learned from/);
    expect(ranked.stations[0]!.beyondExperience).toBe(false);
  });

  it('names the field when the input is wrong, and answers nothing', async () => {
    const outside = await cli(['predict', '--db', db, '--easting', '1', '--northing', '2']);
    expect(outside.code).not.toBe(0);
    expect(outside.stderr).toMatch(
      /--easting must be between .* \(British National Grid metres, Greater London\), got 1/,
    );
    const station = await cli(['predict', '--db', db, ...where, '--station', 'Atlantis']);
    expect(station.stderr).toMatch(/station: unknown station 'Atlantis'/);
    const time = await cli(['predict', '--db', db, ...where, '--time', 'yesterday']);
    expect(time.stderr).toMatch(/callTime/);
    const nan = await cli(['predict', '--db', db, '--easting', 'NaN', '--northing', '180000']);
    expect(nan.stderr).toMatch(/--easting must be a number/);
  });

  it('writes batch predictions for every usable vehicle row of an LFB file', async () => {
    const out = path.join(dir, 'predictions.csv');
    const r = await cli([
      'predict',
      '--db',
      db,
      '--model',
      goodId,
      '--input',
      real('incidents-2009-first20.csv'),
      '--output',
      out,
    ]);
    expect(r.code).toBe(0);
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'IncidentNumber,pumpOrder,station,etaSeconds,p90Seconds,underestimationRisk,' +
        'underestimationProbability,withinTargetProbability,actualSeconds',
    );
    expect(lines.length).toBeGreaterThan(10);
    const first = lines.find((l) => l.startsWith('235138081,1,'));
    expect(first).toMatch(/^235138081,1,Battersea,\d+,\d+,(True|False),[01]\.\d{3},[01]\.\d{3},319$/);
  });

  it('evaluates a model on files it has never seen, with the training metric names', async () => {
    const r = await cliJson<EvaluateJson>([
      'evaluate',
      '--db',
      db,
      '--model',
      goodId,
      '--data',
      real('incidents-2009-first20.csv'),
    ]);
    for (const key of ['mae', 'rmse', 'r2', 'medianAbsError', 'within60', 'p90Coverage']) {
      expect(r.metrics).toHaveProperty(key);
    }
    expect(r.metrics.count).toBeGreaterThan(5);
    // 2009 calls, a model trained on 2023: nothing it has seen.
    expect(r.overlap).toMatchObject({ rows: 0, from: null, to: null });
    expect(r.overlap.window.from.slice(0, 4)).toBe('2023');
  });

  it('says when the evaluated file overlaps the training window, and by how much', async () => {
    const args = ['evaluate', '--db', db, '--model', goodId, '--data', real('incidents-2023-sample.csv')];
    const r = await cliJson<EvaluateJson>(args);
    expect(r.overlap.rows).toBeGreaterThan(r.overlap.of * 0.5);
    expect(r.overlap.share).toBeCloseTo(r.overlap.rows / r.overlap.of, 10);
    expect(r.overlap.from! >= r.overlap.window.from && r.overlap.to! <= r.overlap.window.to).toBe(true);
    const human = await cli(args);
    expect(human.stdout).toMatch(
      /Overlap: [\d,]+ of [\d,]+ rows \([\d.]+ %, calls 2023-\d\d-\d\d … 2023-\d\d-\d\d\) fall inside the model's training window .* these metrics are optimistic/,
    );
  });
});
