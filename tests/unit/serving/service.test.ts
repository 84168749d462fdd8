import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PredictRequestSchema } from '../../../contract/index.js';
import { buildFeatureVector } from '../../../main/core/features/build.js';
import { withinTargetProbability } from '../../../main/core/model/heads.js';
import { DEMO_MODEL_FILE, findResourcesDir } from '../../../main/core/registry/manager.js';
import { servableStations } from '../../../main/core/places/stations.js';
import {
  EtaService,
  InputError,
  loadModel,
  type LoadedModel,
  type PredictionLogEntry,
} from '../../../main/core/serving/service.js';

let model: LoadedModel;
let service: EtaService;
const logged: PredictionLogEntry[] = [];

beforeAll(async () => {
  model = await loadModel(fs.readFileSync(path.join(findResourcesDir(), DEMO_MODEL_FILE)), 'demo');
  service = new EtaService(model, null, (e) => logged.push(e));
});
afterAll(async () => model.session.release());

const at = (easting: number, northing: number) => ({ kind: 'coordinates' as const, easting, northing });
const request = (extra: Record<string, unknown>) =>
  PredictRequestSchema.parse({ location: at(530_450, 179_050), callTime: '2024-03-05T10:00:00Z', ...extra });

describe('EtaService on the demo model', () => {
  it('marks the demo model and answers with the dispatcher fields', async () => {
    const p = await service.predict(request({}));
    expect(model.isDemo).toBe(true);
    expect(p.isDemoModel).toBe(true);
    expect(p.etaSeconds).toBeGreaterThan(30);
    expect(p.p90Seconds).toBeGreaterThanOrEqual(p.etaSeconds);
    expect(p.targetSeconds).toBe(360);
    expect(p.meetsTarget).toBe(p.etaSeconds <= 360);
    expect(p.underestimationRisk).toBe(p.underestimationProbability >= model.meta.risk.threshold);
    expect(p.reasons.length > 0).toBe(p.underestimationRisk || p.beyondExperience);
    expect(p.withinTargetProbability).toBeGreaterThanOrEqual(0);
    expect(p.withinTargetProbability).toBeLessThanOrEqual(1);
    expect(p.resolvedLocation.stationGround).toBeTruthy();
  });

  it('answers the probabilities the model file computes, to three decimals', async () => {
    const p = await service.predict(request({}));
    const spec = model.meta.featureSpec;
    const station = spec.stations.find((s) => s.code === p.station.code)!;
    const raw = await model.session.run(
      buildFeatureVector(spec, {
        easting: 530_450,
        northing: 179_050,
        callTime: new Date('2024-03-05T10:00:00Z'),
        stationCode: station.code,
        stationGround: p.resolvedLocation.stationGround,
        pumpOrder: 1,
        deployedFromHome: true,
      }),
      1,
    );
    expect(p.withinTargetProbability).toBeCloseTo(raw.withinTarget[0]!, 3);
    expect(p.underestimationProbability).toBeCloseTo(raw.late[0]!, 3);
    // The same steps in JavaScript, from the stored heads: the graph is what the metadata says.
    expect(withinTargetProbability(model.meta.heads.withinTarget, raw.eta[0]!, raw.p90[0]!)).toBeCloseTo(
      raw.withinTarget[0]!,
      5,
    );
  });

  it('defaults the deploying station to the ground of the incident, and takes codes or names', async () => {
    const p = await service.predict(request({}));
    const byCode = await service.predict(request({ station: p.station.code }));
    const byName = await service.predict(request({ station: p.station.name.toUpperCase() }));
    expect(byCode.etaSeconds).toBe(p.etaSeconds);
    expect(byName.station).toEqual(p.station);
  });

  it('takes longer from a station far away', async () => {
    const ranked = await service.rank({ location: at(530_450, 179_050) });
    const nearest = ranked.stations[0]!;
    const farthest = [...ranked.stations].sort((a, b) => b.distanceMetres - a.distanceMetres)[0]!;
    expect(farthest.distanceMetres).toBeGreaterThan(nearest.distanceMetres);
    expect(farthest.etaSeconds).toBeGreaterThan(nearest.etaSeconds + 300);
    // Farther than the history's 99th percentile of distances: said plainly, in words.
    expect(farthest.distanceMetres).toBeGreaterThan(model.meta.calibration.distanceP99Metres);
    expect(farthest.beyondExperience).toBe(true);
    expect(farthest.reasons.at(-1)).toMatch(
      new RegExp(`^${farthest.station.name} is \\d+\\.\\d km away, farther than 99 % of the drives`),
    );
    expect(nearest.beyondExperience).toBe(nearest.distanceMetres > model.meta.calibration.distanceP99Metres);
  });

  it('ranks every servable station, fastest first, in one run', async () => {
    const ranked = await service.rank({ location: at(530_450, 179_050) });
    expect(ranked.stations).toHaveLength(servableStations(model.meta).length);
    const etas = ranked.stations.map((s) => s.etaSeconds);
    expect(etas).toEqual([...etas].sort((a, b) => a - b));
  });

  it('refuses bad input with an error naming the field, never a number', async () => {
    await expect(service.predict(request({ location: at(100, 100) }))).rejects.toThrow(InputError);
    await expect(service.predict(request({ location: at(100, 100) }))).rejects.toThrow(
      /^location: .*outside London/,
    );
    await expect(service.predict(request({ station: 'Atlantis' }))).rejects.toThrow(
      /^station: unknown station/,
    );
    await expect(
      service.predict(request({ location: { kind: 'postcodeDistrict', value: 'ZZ99' } })),
    ).rejects.toThrow(/^location: unknown postcode district 'ZZ99'/);
    expect(() => PredictRequestSchema.parse({ location: at(Number.NaN, 1) })).toThrow(
      /easting must be a finite number/,
    );
    expect(() => PredictRequestSchema.parse({ location: at(Infinity, 1) })).toThrow(
      /easting must be a finite number/,
    );
    expect(() => PredictRequestSchema.parse({ location: at(530_000, 180_000), pumpOrder: 0 })).toThrow();
  });

  it('finds places from the gazetteer the model carries', () => {
    const suggestions = service.suggest('w', 5);
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.length).toBeLessThanOrEqual(5);
    const first = suggestions[0]!;
    expect(first.value.toLowerCase().startsWith('w') || first.value.toLowerCase().includes(' w')).toBe(true);
  });

  it('logs every answer for audit', async () => {
    const before = logged.length;
    await service.predict(request({}));
    await service.rank({ location: at(530_450, 179_050) });
    expect(logged.slice(before).map((e) => e.kind)).toEqual(['predict', 'rank']);
    expect(logged.at(-1)!.modelId).toBe('demo');
  });
});

describe('call time bounds', () => {
  it('refuses call times in the wrong century, naming the field', () => {
    const at = { kind: 'coordinates' as const, easting: 530_000, northing: 180_000 };
    expect(() => PredictRequestSchema.parse({ location: at, callTime: '0001-01-01T00:00:00Z' })).toThrow(
      /callTime must be between 1990 and 2100/,
    );
    expect(() => PredictRequestSchema.parse({ location: at, callTime: '9999-12-31T00:00:00Z' })).toThrow(
      /callTime must be between 1990 and 2100/,
    );
    expect(PredictRequestSchema.parse({ location: at, callTime: '2024-02-29T23:59:59+01:00' }).callTime).toBe(
      '2024-02-29T23:59:59+01:00',
    );
  });
});
