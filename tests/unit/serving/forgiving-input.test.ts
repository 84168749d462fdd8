import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PredictRequestSchema } from '../../../contract/index.js';
import { DEMO_MODEL_FILE, findResourcesDir } from '../../../main/core/registry/manager.js';
import { EtaService, InputError, loadModel, type LoadedModel } from '../../../main/core/serving/service.js';

/**
 * The core's side of forgiving input, which the app and the CLI share: places in any spelling, full
 * postcodes, near misses named, closed categories checked, London call times (on the demo model).
 */
let model: LoadedModel;
let service: EtaService;
beforeAll(async () => {
  model = await loadModel(fs.readFileSync(path.join(findResourcesDir(), DEMO_MODEL_FILE)), 'demo');
  service = new EtaService(model, null);
});
afterAll(async () => model.session.release());

const ward = (value: string, extra: Record<string, unknown> = {}) =>
  PredictRequestSchema.parse({ location: { kind: 'ward', value }, ...extra });
const postcode = (value: string) =>
  PredictRequestSchema.parse({ location: { kind: 'postcodeDistrict', value } });

async function inputError(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('forgiving input in the core', () => {
  it('finds a ward whatever its case, punctuation and spacing, and says how it was read', async () => {
    const a = await service.predict(ward('Lambeth North'));
    const b = await service.predict(ward('  lambeth-NORTH '));
    expect(b.resolvedLocation).toEqual(a.resolvedLocation);
    expect(a.resolvedLocation.description).toBe('ward LAMBETH NORTH');
  });

  it('places a full postcode the history lacks at its district, also when typed where a ward goes', async () => {
    const p = await service.predict(postcode('SE1 7PB'));
    const asWard = await service.predict(ward('se17pb'));
    const district = await service.predict(postcode('SE1'));
    expect(p.resolvedLocation.easting).toBe(district.resolvedLocation.easting);
    expect(asWard.resolvedLocation).toEqual(p.resolvedLocation);
    expect(p.resolvedLocation.description).toBe(
      'postcode district SE1 (the history has no incidents at SE1 7PB, so it is placed at its district)',
    );
  });

  it('answers near misses of places and stations with the nearest names', async () => {
    expect((await inputError(service.predict(ward('Lambeth Nroth')))).message).toMatch(
      /^location: unknown ward 'Lambeth Nroth' — did you mean 'LAMBETH NORTH'/,
    );
    expect((await inputError(service.predict(postcode('SE99')))).message).toMatch(
      /unknown postcode district 'SE99'/,
    );
    const station = await inputError(service.predict(ward('Lambeth North', { station: 'Lambth' })));
    expect(station.field).toBe('station');
    expect(station.message).toMatch(/did you mean 'Lambeth'\?/);
  });

  it('refuses unknown categories naming the field, and accepts loose spellings of known ones', async () => {
    const e = await inputError(service.rank(ward('Lambeth North', { propertyCategory: 'Nonsense' })));
    expect(e.field).toBe('propertyCategory');
    expect(e.message).toMatch(/Known values: Aircraft, Boat, Dwelling/);
    const loose = await service.predict(ward('Lambeth North', { propertyCategory: 'non-residential' }));
    const exact = await service.predict(ward('Lambeth North', { propertyCategory: 'Non Residential' }));
    expect(loose.etaSeconds).toBe(exact.etaSeconds);
    // An LFB stop code the demo's synthetic data never had is still a real answer, not a typo; the
    // answer says it was estimated as the model's "other".
    const chimney = await service.predict(ward('Lambeth North', { stopCode: 'Chimney Fire' }));
    expect(chimney.etaSeconds).toBeGreaterThan(0);
    expect(chimney.unknownCategories?.map((u) => u.message)).toEqual([
      "stop code 'Chimney Fire' is not one the model knows: estimated as 'other'",
    ]);
    expect(exact.unknownCategories).toBeUndefined();
  });

  it('says in one sentence when a property type is not one the model knows, with the nearest it knows', async () => {
    const typo = await service.predict(ward('Lambeth North', { propertyType: 'Dwelling-house' }));
    expect(typo.unknownCategories).toHaveLength(1);
    const [u] = typo.unknownCategories!;
    expect(u).toMatchObject({ field: 'propertyType', value: 'Dwelling-house' });
    expect(u!.message).toBe(
      "property type 'Dwelling-house' is not one the model knows: estimated as 'other'",
    );
    expect(u!.closest[0]).toBe('House - single occupancy');
    // It is scored as "other": the same answer as any other value the model never saw.
    const other = await service.predict(ward('Lambeth North', { propertyType: 'Spaceship' }));
    expect(other.etaSeconds).toBe(typo.etaSeconds);
    expect(other.unknownCategories![0]!.closest).toEqual([]);
    // A slip of the finger finds the value meant; a known one, in any punctuation, carries no note.
    const slip = await service.predict(ward('Lambeth North', { propertyType: 'Hous - single ocupancy' }));
    expect(slip.unknownCategories![0]!.closest[0]).toBe('House - single occupancy');
    const known = await service.predict(ward('Lambeth North', { propertyType: 'house single occupancy' }));
    expect(known.unknownCategories).toBeUndefined();
    const exact = await service.predict(ward('Lambeth North', { propertyType: 'House - single occupancy' }));
    expect(known.etaSeconds).toBe(exact.etaSeconds);
    // The address qualifier is open too: a slip is named with the value meant.
    const qualifier = await service.predict(
      ward('Lambeth North', { addressQualifier: 'Correct incident locaton' }),
    );
    expect(qualifier.unknownCategories).toEqual([
      {
        field: 'addressQualifier',
        value: 'Correct incident locaton',
        message:
          "address qualifier 'Correct incident locaton' is not one the model knows: estimated as 'other'",
        closest: expect.arrayContaining(['Correct incident location']) as unknown as string[],
      },
    ]);
    // A ranking carries the same sentence on every station's answer.
    const ranked = await service.rank(ward('Lambeth North', { propertyType: 'Dwelling-house' }));
    for (const s of ranked.stations) expect(s.unknownCategories).toEqual(typo.unknownCategories);
  });

  it('answers a stop code alone as with its incident group, and refuses a group that contradicts it', async () => {
    const at = { callTime: '2025-07-14T17:30', propertyCategory: 'Dwelling' };
    const alone = await service.predict(ward('Lambeth North', { ...at, stopCode: 'Primary Fire' }));
    const both = await service.predict(
      ward('Lambeth North', { ...at, stopCode: 'primary fire', incidentGroup: 'Fire' }),
    );
    const blank = await service.predict(ward('Lambeth North', at));
    expect(alone.etaSeconds).toBe(both.etaSeconds);
    expect(alone.pumps).toEqual(both.pumps);
    expect(alone.pumps).not.toEqual(blank.pumps);
    const e = await inputError(
      service.predict(ward('Lambeth North', { ...at, stopCode: 'AFA', incidentGroup: 'Fire' })),
    );
    expect(e.field).toBe('incidentGroup');
    expect(e.message).toMatch(/'AFA' is a False Alarm stop code, but the incident group given is 'Fire'/);
  });

  it('reads call times as London wall-clock time and refuses the ambiguous hour by field', async () => {
    const local = await service.predict(ward('Lambeth North', { callTime: '2025-07-14T17:30' }));
    const utc = await service.predict(ward('Lambeth North', { callTime: '2025-07-14T16:30:00Z' }));
    expect(local.etaSeconds).toBe(utc.etaSeconds);
    const e = await inputError(service.predict(ward('Lambeth North', { callTime: '2025-10-26T01:30' })));
    expect(e.field).toBe('callTime');
    expect(e.message).toMatch(/happens twice in London/);
  });
});

describe('suggestions as the dispatcher types', () => {
  it('match whatever the case, hyphens or & versus and', () => {
    const byHyphen = service.suggest('lambeth-n', 5).map((s) => s.value);
    expect(byHyphen).toContain('LAMBETH NORTH');
    expect(service.suggest('LAMBETH N', 5).map((s) => s.value)).toEqual(byHyphen);
  });
});

describe('the prediction log', () => {
  it('records the instant a typed HH:MM stood for, not the bare text', async () => {
    const entries: { input: unknown }[] = [];
    const logging = new EtaService(model, null, (e) => entries.push(e));
    const now = new Date('2025-07-01T11:00:00Z');
    await logging.predict(ward('Lambeth North', { callTime: '17:30', propertyCategory: 'dwelling' }), now);
    await logging.rank(ward('Lambeth North', { callTime: '17:30' }), now);
    for (const e of entries) expect(e.input).toMatchObject({ callTime: '2025-07-01T16:30:00.000Z' });
    expect(entries[0]!.input).toMatchObject({ propertyCategory: 'Dwelling' });
  });
});
