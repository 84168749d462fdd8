/**
 * A ward name can be two places: Belmont is a ward of Harrow and of Sutton, 30 km apart. The real 2023
 * sample has such names; answering one by its commoner place would send a pump to the wrong end of
 * London, so the dispatcher is asked which borough, and the suggestions offer each with its borough.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/app/core.js';
import { openDatabase } from '../../main/core/db/index.js';
import { findPlace } from '../../main/core/places/find-place.js';
import { buildGazetteer, modelGazetteer, type Gazetteer } from '../../main/core/places/gazetteer.js';
import { suggestPlaces } from '../../main/core/places/suggest.js';
import { InputError } from '../../main/core/util/input-error.js';
import { real, tempDir } from '../fixtures/lfb-files.js';

const { dir, cleanup } = tempDir('pump-eta-shared-wards-');
const dbPath = path.join(dir, 'history.sqlite');
let gazetteer: Gazetteer;
let core: Core;

beforeAll(async () => {
  core = await createCore({ dbPath });
  await core.importFiles([real('stations.csv'), real('incidents-2023-sample.csv')], () => undefined).done;
  await core.placesReady();
  const db = openDatabase(dbPath, { readonly: true });
  try {
    gazetteer = buildGazetteer(db);
  } finally {
    db.close();
  }
}, 180_000);
afterAll(async () => {
  await core?.close();
  cleanup();
});

const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('a ward name that is two places', () => {
  it('is recorded with each borough, far apart', () => {
    const belmont = gazetteer.sharedWards?.['BELMONT'];
    expect(belmont?.map((e) => e.borough).sort()).toEqual(['HARROW', 'SUTTON']);
    const [a, b] = belmont!;
    expect(Math.hypot(a!.easting - b!.easting, a!.northing - b!.northing)).toBeGreaterThan(20_000);
    // A name used in one borough only is not in the list.
    expect(gazetteer.sharedWards?.['WATERLOO & SOUTH BANK']).toBeUndefined();
    // A model file carries the list too, so its own gazetteer asks the same question.
    expect(modelGazetteer(gazetteer).sharedWards).toEqual(gazetteer.sharedWards);
  });

  it('is never answered by the commoner place: the dispatcher is asked which borough', () => {
    const message = refusal(() => findPlace([gazetteer], 'ward', 'belmont', false));
    expect(message).toMatch(/ward 'belmont' is the name of wards in 2 boroughs: say which/);
    expect(message).toContain("'BELMONT (HARROW)'");
    expect(message).toContain("'BELMONT (SUTTON)'");
    // A borough that is not one of them is asked about the same way.
    expect(refusal(() => findPlace([gazetteer], 'ward', 'Belmont (Camden)', false))).toMatch(/say which/);
  });

  it('is found with its borough, written as the suggestions write it or after a comma', () => {
    const harrow = findPlace([gazetteer], 'ward', 'Belmont (Harrow)', false);
    const sutton = findPlace([gazetteer], 'ward', 'belmont, sutton', false);
    expect(harrow.entry.borough).toBe('HARROW');
    expect(sutton.entry.borough).toBe('SUTTON');
    expect(harrow.entry.northing).toBeGreaterThan(sutton.entry.northing + 20_000);
    expect(harrow.description).toBe('ward BELMONT (HARROW)');
    // A ward of one borough is found as before.
    expect(findPlace([gazetteer], 'ward', 'waterloo and south bank', false).entry.name).toBe(
      'WATERLOO & SOUTH BANK',
    );
  });

  it('is suggested once per borough, and a suggestion chosen is found', () => {
    const offered = suggestPlaces([gazetteer], 'belmont', 10).filter((s) => s.kind === 'ward');
    expect(offered.map((s) => s.value).sort()).toEqual(['BELMONT (HARROW)', 'BELMONT (SUTTON)']);
    for (const s of offered)
      expect(findPlace([gazetteer], 'ward', s.value, false).entry.stationGround).toBe(s.stationGround);
  });

  it('reaches the answers: predict asks, and answers once the borough is given', async () => {
    await expect(core.predict({ location: { kind: 'ward', value: 'Belmont' } })).rejects.toThrow(
      /2 boroughs: say which/,
    );
    const answer = await core.predict({ location: { kind: 'ward', value: 'Belmont (Harrow)' } });
    expect(answer.resolvedLocation.description).toBe('ward BELMONT (HARROW)');
    expect(answer.resolvedLocation.northing).toBeGreaterThan(185_000);
  });
});
