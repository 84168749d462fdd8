import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetCores } from '../fixtures/fleet-core.js';
import { publisherDb, setChampion, trainModels } from '../fixtures/fleet.js';

/**
 * The Models screen names the model its Rollback… will restore from the core's list; the command line's
 * plain `rollback` asks the registry. After any run of promotions and rollbacks both must be the same
 * model — and never the demo model.
 */
let dir: string;
let models: Uint8Array[];
const cores = fleetCores();

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pump-eta-rollback-target-'));
  models = await trainModels(path.join(dir, 'train'), [1, 2, 3]);
}, 120_000);

afterAll(async () => {
  await cores.closeAll();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the model a plain rollback restores', () => {
  it('is the one the model list marks, after several promotions and rollbacks', async () => {
    const db = path.join(dir, 'officer', 'history.sqlite');
    const [a, b, c] = publisherDb(db, ...models) as [string, string, string];
    const core = await cores.open(db);
    const marked = () => core.listModels().filter((m) => m.rollbackTarget);

    // a is in service (promoted over the demo model): no earlier trained model, nothing marked.
    expect(marked()).toEqual([]);
    await expect(core.rollback()).rejects.toThrow(/no earlier trained model/i);
    expect(core.modelInService().id).toBe(a);

    await core.promote(b, true);
    await core.promote(c, true);
    expect(marked().map((m) => m.id)).toEqual([b]);
    expect((await core.rollback()).id).toBe(b);

    // A second rollback goes one further back, not to the model the first one removed.
    expect(marked().map((m) => m.id)).toEqual([a]);
    expect((await core.rollback()).id).toBe(a);
    expect(marked()).toEqual([]);
  }, 60_000);
});

describe('an open window after a promotion made outside it (the command line)', () => {
  it('answers with the new champion from the next answer on, and says the model changed', async () => {
    const db = path.join(dir, 'window', 'history.sqlite');
    const [a, b] = publisherDb(db, ...models) as [string, string, string];
    const core = await cores.open(db);
    const call = {
      location: { kind: 'coordinates' as const, easting: 530_450, northing: 179_050 },
      pumpOrder: 1,
      deployedFromHome: true,
    };
    expect((await core.predict(call)).modelId).toBe(a);
    const heard: string[] = [];
    core.onFleetEvent((e) => heard.push(e.status.origin.kind));

    // Another process (as `pump-eta promote` does) changes the champion in the same history.
    setChampion(db, b);
    expect((await core.predict(call)).modelId).toBe(b);
    expect(core.modelInService().id).toBe(b);
    expect(heard).toEqual(['local']);
    const ranked = await core.rankStations({ location: call.location });
    expect(new Set(ranked.stations.map((s) => s.modelId))).toEqual(new Set([b]));
    expect(heard).toHaveLength(1);
  }, 60_000);
});
