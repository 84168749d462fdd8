/**
 * The fleet as a data officer and IT run it from the README and the user guide, with real parts: history
 * databases, a temporary shared folder, Ed25519 keys, model files loaded by onnxruntime, the CLI as a
 * child process. Each case is a fault a trial found: publishing a model that is not in service, a key
 * change published without a word, a fleet left behind a promotion, a follower's wrong key exiting 0,
 * promotions on a follower that its next look undid, a rotation's earlier publications listed as faults,
 * an open window publishing with the key the command line had replaced, and a share back from a restart
 * picked up only minutes later.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetSettings, FleetStatus } from '../../contract/index.js';
import type { Core } from '../../main/core/app/core.js';
import { createKeyPair } from '../../main/core/fleet/keys.js';
import { manifestPath, publicationsDir } from '../../main/core/fleet/layout.js';
import { cli } from '../fixtures/cli.js';
import { fleetCores } from '../fixtures/fleet-core.js';
import { publisherDb, setChampion, trainModels } from '../fixtures/fleet.js';
import { tempDir } from '../fixtures/lfb-files.js';

type Keys = { privateKeyFile: string; publicKeyFile: string; fingerprint: string };

/** A share back from a restart is looked at again within this (retries every RETRY_MS in these tests). */
const RETRY_MS = 300;
const PICKUP_TIMEOUT_MS = 10_000;
/** Long enough that no scheduled look happens during a test: only the unreachable retry can. */
const CHECK_MS = 10 * 60_000;

let dir: string;
let cleanup: () => void;
let officer: Keys;
let next: Keys;
let stranger: Keys;
let models: Uint8Array[];
const cores = fleetCores();
const open = cores.open;
let counter = 0;

/** A fresh publisher history whose model in service is ids[0] (returns the db and the three ids). */
function newPublisher(): { db: string; ids: string[] } {
  const db = path.join(dir, `officer-${++counter}`, 'history.sqlite');
  return { db, ids: publisherDb(db, ...models) };
}

function newShare(): string {
  const share = path.join(dir, `share-${++counter}`);
  fs.mkdirSync(share);
  return share;
}

async function saveFleet(core: Core, fleet: Partial<FleetSettings>): Promise<void> {
  await core.saveSettings({ ...core.settings(), fleet: { ...core.settings().fleet, ...fleet } });
}

/** Everything in the folder, with the bytes of each file: to prove nothing was written. */
function snapshot(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(folder, file)] = fs.readFileSync(file).toString('base64');
  }
  return out;
}

async function until(what: string, done: () => boolean, timeoutMs = PICKUP_TIMEOUT_MS): Promise<void> {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('pump-eta-fleet-trial-'));
  officer = createKeyPair(path.join(dir, 'keys', 'officer'));
  next = createKeyPair(path.join(dir, 'keys', 'officer-2027'));
  stranger = createKeyPair(path.join(dir, 'keys', 'stranger'));
  models = await trainModels(path.join(dir, 'train'), [1, 2, 3]);
}, 180_000);

afterAll(async () => {
  await cores.closeAll();
  cleanup();
});

describe('only the model in service is published', () => {
  it('refuses any other model in one sentence, exits non-zero and writes nothing; the model in service is published', async () => {
    const { db, ids } = newPublisher();
    const share = newShare();
    const publish = (...args: string[]) =>
      cli(['publish', ...args, '--db', db, '--folder', share, '--key', officer.privateKeyFile]);
    // A candidate never promoted (the promotion policy may even have refused it).
    const refused = await publish(ids[1]!);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toBe(
      `pump-eta publish: Model ${ids[1]} is not the model in service here (model ${ids[0]} is); ` +
        `promote it first with 'pump-eta promote ${ids[1]}', then publish.\n`,
    );
    expect(snapshot(share)).toEqual({});
    // A unique prefix names the same model, and is refused the same way.
    const prefix = await publish(ids[2]!.slice(0, 6));
    expect(prefix.code).not.toBe(0);
    expect(prefix.stderr).toMatch(new RegExp(`Model ${ids[2]} is not the model in service here`));
    expect(snapshot(share)).toEqual({});

    // The app's publish action goes through the same core.
    const core = await open(db, {
      overrides: { role: 'publish', folder: share, privateKeyFile: officer.privateKeyFile },
    });
    await expect(core.publish(ids[1])).rejects.toThrow(/is not the model in service here/);
    expect(snapshot(share)).toEqual({});

    const ok = await publish(ids[0]!, '--json');
    expect(ok.code, ok.stderr).toBe(0);
    expect((JSON.parse(ok.stdout) as { publication: { modelId: string } }).publication.modelId).toBe(ids[0]);
    // After a promotion, that model is the one in service, and is published.
    expect((await core.promoteModel(ids[1]!, true)).promoted).toBe(true);
    expect((await core.publish(ids[1])).modelId).toBe(ids[1]);
  });
});

describe('a promote or rollback from the command line while a window is open', () => {
  it('is taken by the window before it publishes: it never publishes the model it served before', async () => {
    const { db, ids } = newPublisher();
    const share = newShare();
    const core = await open(db, {
      overrides: { role: 'publish', folder: share, privateKeyFile: officer.privateKeyFile },
    });
    expect((await core.publish()).modelId).toBe(ids[0]);
    const before = snapshot(share);
    // The data officer promotes another model from the command line; the window stays open.
    const promoted = await cli(['promote', ids[1]!, '--force', '--db', db]);
    expect(promoted.code, promoted.stderr).toBe(0);
    await expect(core.publish()).rejects.toThrow(
      new RegExp(
        `changed outside this window: model ${ids[1]} is in service from now on\\. Nothing was published`,
      ),
    );
    expect(snapshot(share)).toEqual(before);
    // The window now answers with it, and publishes it when asked again.
    expect((await core.publish()).modelId).toBe(ids[1]);
  }, 120_000);
});

describe('a different signing key is a key rotation, said and confirmed', () => {
  it('refuses by default with a sentence about rotation, writes nothing; --new-key (or the confirmed app action) publishes', async () => {
    const { db, ids } = newPublisher();
    const share = newShare();
    const publish = (key: string, ...flags: string[]) =>
      cli(['publish', '--db', db, '--folder', share, '--key', key, ...flags]);
    expect((await publish(officer.privateKeyFile)).code).toBe(0);
    const before = snapshot(share);

    const refused = await publish(next.privateKeyFile);
    expect(refused.code).not.toBe(0);
    const lines = refused.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      `pump-eta publish: The shared folder's current publication (publication 1, model ${ids[0]}) is signed by key ` +
        `${officer.fingerprint}, not by this workstation's key ${next.fingerprint} (${next.privateKeyFile}), so ` +
        `workstations given the old public key will refuse what is published now: if this is a deliberate key ` +
        `rotation, confirm it (pump-eta publish --new-key) and give every workstation the new public key ` +
        `(user guide, "Rotating the key"); if not, set the private key that signed the folder's publications.`,
    );
    expect(snapshot(share)).toEqual(before);

    // The app: the Publications panel has the same sentence to confirm; without the confirmation, refused.
    const core = await open(db, {
      overrides: { role: 'publish', folder: share, privateKeyFile: next.privateKeyFile },
    });
    const list = await core.publications();
    expect(list.keyChange).toBe(lines[0]!.replace('pump-eta publish: ', ''));
    await expect(core.publish()).rejects.toThrow(list.keyChange!);
    expect(snapshot(share)).toEqual(before);
    const confirmed = await core.publish(undefined, { newKey: true });
    expect(confirmed).toMatchObject({ sequence: 2, keyFingerprint: next.fingerprint, modelId: ids[0] });
    expect((await core.publications()).keyChange).toBeNull();

    // From the command line: --new-key is the confirmation.
    const back = await publish(officer.privateKeyFile, '--new-key', '--json');
    expect(back.code, back.stderr).toBe(0);
    expect(JSON.parse(back.stdout)).toMatchObject({
      publication: { sequence: 3, keyFingerprint: officer.fingerprint },
    });
    // The same key again is no rotation.
    expect((await publish(officer.privateKeyFile)).code).toBe(0);
  });
});

describe('the fleet behind the data officer’s workstation is said', () => {
  it('after a promotion not published, at start-up, in settings and publish --status, with what to do', async () => {
    const { db, ids } = newPublisher();
    const share = newShare();
    const core = await open(db);
    await saveFleet(core, { role: 'publish', folder: share, privateKeyFile: officer.privateKeyFile });
    const first = await core.publish();
    expect(first.modelId).toBe(ids[0]);
    expect((await cli(['publish', '--status', '--db', db])).code).toBe(0);

    // Promoted here, not published (publish on promotion is off, or the publication was interrupted).
    const promoted = await core.promoteModel(ids[1]!, true);
    const sentence = new RegExp(
      `^The control room follows model ${ids[0]} \\(published \\d+ \\w+ \\d\\d:\\d\\d\\); this workstation serves ` +
        `model ${ids[1]}: publish it \\(pump-eta publish\\) or roll back\\.$`,
    );
    expect(promoted.fleet).toMatch(sentence);
    expect(core.fleetStatus()).toMatchObject({ outcome: 'behind' });
    await core.close();

    // A promotion made where nothing publishes it (another process, a crash before its publication).
    setChampion(db, ids[2]!);
    const status = await cli(['publish', '--status', '--db', db]);
    expect(status.code).toBe(6);
    expect(status.stderr.trim()).toMatch(
      new RegExp(`^pump-eta publish: The control room follows model ${ids[0]} .*serves model ${ids[2]}:`),
    );
    const settings = await cli(['settings', '--db', db]);
    expect(settings.code, settings.stderr).toBe(0);
    expect(settings.stdout).toMatch(
      new RegExp(`The control room follows model ${ids[0]} .*serves model ${ids[2]}: publish it`),
    );

    // The app at start-up: it looks at the folder and says so, in the status every window shows.
    const app = await open(db, { mode: 'watch' });
    await until('the behind status', () => app.fleetStatus().outcome === 'behind');
    expect(app.fleetStatus().message).toMatch(new RegExp(`serves model ${ids[2]}: publish it`));
    await app.publish();
    expect(app.fleetStatus().outcome).toBe('published');
    const inStep = await cli(['publish', '--status', '--db', db, '--json']);
    expect(inStep.code).toBe(0);
    expect(JSON.parse(inStep.stdout)).toMatchObject({ outcome: 'published' });
  });
});

describe('another key’s older manifest copied over the folder', () => {
  it('is said as copied or restored, never as a key rotation to follow, on the follower and the publisher', async () => {
    const { db, ids } = newPublisher();
    const share = newShare();
    const publish = () => cli(['publish', '--db', db, '--folder', share, '--key', officer.privateKeyFile]);
    expect((await publish()).code).toBe(0);
    setChampion(db, ids[1]!);
    expect((await publish()).code).toBe(0);
    const desk = path.join(dir, `desk-${++counter}`, 'history.sqlite');
    const sync = () => cli(['sync', '--db', desk, '--folder', share, '--public-key', officer.publicKeyFile]);
    expect((await sync()).code).toBe(0);

    // A stranger's publication 1, elsewhere, its manifest copied over the control room's.
    const { db: strangerDb } = newPublisher();
    const elsewhere = newShare();
    expect(
      (await cli(['publish', '--db', strangerDb, '--folder', elsewhere, '--key', stranger.privateKeyFile]))
        .code,
    ).toBe(0);
    fs.copyFileSync(manifestPath(elsewhere), manifestPath(share));

    const follower = await sync();
    expect(follower.code).toBe(5);
    expect(follower.stderr).toContain(
      `The folder's manifest claims publication 1, signed by another key (${stranger.fingerprint}), but ` +
        `publication 2 was already verified here: it was copied or restored over the folder, not a key ` +
        `rotation — do not change keys. Tell the data officer, who should publish again`,
    );
    expect(follower.stderr).not.toContain('ask the data officer for the current public key');
    const status = await cli([
      'publish',
      '--status',
      '--db',
      db,
      '--folder',
      share,
      '--key',
      officer.privateKeyFile,
    ]);
    expect(status.code).not.toBe(0);
    expect(status.stderr).toContain('it was copied or restored over the folder, not a key rotation');
  }, 60_000);
});

describe('a follower whose public key does not verify the folder’s publication', () => {
  it('exits 5 with one sentence, also for the publication it took earlier, and the app says the same', async () => {
    const { db } = newPublisher();
    const share = newShare();
    expect(
      (await cli(['publish', '--db', db, '--folder', share, '--key', officer.privateKeyFile])).code,
    ).toBe(0);
    const desk = path.join(dir, `desk-${++counter}`, 'history.sqlite');
    const sync = (key: string) =>
      cli(['sync', '--db', desk, '--folder', share, '--public-key', key, '--json']);
    expect((await sync(officer.publicKeyFile)).code).toBe(0);

    const wrong = await sync(stranger.publicKeyFile);
    expect(wrong.code).toBe(5);
    const expected =
      `The folder's publication is not signed by the key in ${stranger.publicKeyFile} (${stranger.fingerprint}; ` +
      `it is signed by ${officer.fingerprint}): ask the data officer for the current public key.`;
    const lines = wrong.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.startsWith(`pump-eta sync: ${expected} Model `)).toBe(true);
    expect(lines[0]).toMatch(/stays in service\.$/);
    const json = JSON.parse(wrong.stdout) as { outcome: string; model: string; previousModel: string };
    expect(json.outcome).toBe('refused');
    expect(json.model).toBe(json.previousModel);

    const core = await open(desk, {
      overrides: { role: 'follow', folder: share, publicKeyFile: stranger.publicKeyFile },
    });
    const status: FleetStatus = await core.syncNow();
    expect(status.outcome).toBe('refused');
    expect(status.message.startsWith(expected)).toBe(true);
    expect((await core.publications()).problems).toEqual([expected]);
  });
});

describe('promote, rollback and publish on a follower', () => {
  it('are refused in one sentence (CLI and app); nothing changes', async () => {
    const { db, ids } = newPublisher();
    const share = newShare();
    expect(
      (await cli(['publish', '--db', db, '--folder', share, '--key', officer.privateKeyFile])).code,
    ).toBe(0);
    const desk = path.join(dir, `desk-${++counter}`, 'history.sqlite');
    const set = await cli([
      'settings',
      '--db',
      desk,
      '--role',
      'follow',
      '--folder',
      share,
      '--public-key',
      officer.publicKeyFile,
    ]);
    expect(set.code, set.stderr).toBe(0);
    expect((await cli(['sync', '--db', desk])).code).toBe(0);
    const sentence =
      `This workstation follows ${share}: promote or roll back on the data officer's workstation ` +
      `(to manage models here instead, stop following first: Settings, or pump-eta settings --role off).`;

    const promote = await cli(['promote', ids[0]!, '--force', '--db', desk]);
    expect(promote.code).not.toBe(0);
    expect(promote.stderr).toBe(`pump-eta promote: ${sentence}\n`);
    const rollback = await cli(['rollback', '--db', desk]);
    expect(rollback.code).not.toBe(0);
    expect(rollback.stderr).toBe(`pump-eta rollback: ${sentence}\n`);
    // Nor does a follower publish, even with the data officer's key at hand: the folder is unchanged.
    const before = snapshot(share);
    const publish = await cli(['publish', '--db', desk, '--key', officer.privateKeyFile]);
    expect(publish.code).not.toBe(0);
    expect(publish.stderr).toMatch(
      /This workstation follows .*: only the data officer's workstation publishes there/,
    );
    expect(snapshot(share)).toEqual(before);

    const core = await open(desk);
    const models = core.listModels();
    await expect(core.promote(ids[0]!, true)).rejects.toThrow(sentence);
    await expect(core.rollback()).rejects.toThrow(sentence);
    expect(core.listModels()).toEqual(models);
    expect(core.modelInService().id).toBe(ids[0]);
  });
});

describe('after a key rotation', () => {
  it('lists the publications signed by the previous key as superseded, not as problems', async () => {
    const { db, ids } = newPublisher();
    const share = newShare();
    expect(
      (await cli(['publish', '--db', db, '--folder', share, '--key', officer.privateKeyFile])).code,
    ).toBe(0);
    setChampion(db, ids[1]!);
    expect(
      (await cli(['publish', '--db', db, '--folder', share, '--key', officer.privateKeyFile])).code,
    ).toBe(0);
    setChampion(db, ids[2]!);
    const rotated = await cli([
      'publish',
      '--db',
      db,
      '--folder',
      share,
      '--key',
      next.privateKeyFile,
      '--new-key',
    ]);
    expect(rotated.code, rotated.stderr).toBe(0);

    const superseded = [2, 1].map((sequence) => ({
      sequence,
      modelId: ids[sequence - 1],
      keyFingerprint: officer.fingerprint,
      note: 'earlier publication, signed by a previous key',
    }));
    const desk = path.join(dir, `desk-${++counter}`, 'history.sqlite');
    const follower = await open(desk, {
      overrides: { role: 'follow', folder: share, publicKeyFile: next.publicKeyFile },
    });
    expect((await follower.syncNow()).outcome).toBe('updated');
    const seen = await follower.publications();
    expect(seen.problems).toEqual([]);
    expect(seen.current).toMatchObject({ sequence: 3, modelId: ids[2] });
    expect(seen.history.map((p) => p.sequence)).toEqual([3]);
    expect(seen.otherKey).toMatchObject(superseded);
    // The publisher, on the new key, sees the same.
    const publisher = await open(db, {
      overrides: { role: 'publish', folder: share, privateKeyFile: next.privateKeyFile },
    });
    const own = await publisher.publications();
    expect(own.problems).toEqual([]);
    expect(own.otherKey).toMatchObject(superseded);

    // With the publication in force refused (its model file gone), the list still knows where it stands.
    const noModel = path.join(dir, `share-copy-${++counter}`);
    fs.cpSync(share, noModel, { recursive: true });
    for (const f of fs.readdirSync(path.join(noModel, 'models'))) fs.rmSync(path.join(noModel, 'models', f));
    const seenRefused = await (
      await open(desk, { overrides: { role: 'follow', folder: noModel, publicKeyFile: next.publicKeyFile } })
    ).publications();
    expect(seenRefused.current).toBeNull();
    expect(seenRefused.otherKey).toMatchObject(superseded);
    // A workstation still on the old key: the rotation's publication is a later one, and says what to do.
    const oldKey = await open(path.join(dir, `desk-${++counter}`, 'history.sqlite'), {
      overrides: { role: 'follow', folder: share, publicKeyFile: officer.publicKeyFile },
    });
    expect((await oldKey.publications()).otherKey).toMatchObject([
      {
        sequence: 3,
        note: 'later publication, signed by another key: if the data officer rotated the key, ask for the new public key',
      },
    ]);

    // A journal entry damaged is still a problem: only the rotation's entries are not.
    fs.writeFileSync(path.join(publicationsDir(share), '00000004-aaaaaaaaaaaa.json'), '{"format":');
    const damaged = await follower.publications();
    expect(damaged.problems).toHaveLength(1);
    expect(damaged.problems[0]).toMatch(/00000004-aaaaaaaaaaaa\.json is damaged or cut short/);
  });
});

describe('settings changed from the command line while a window is open', () => {
  it('are read again before the next publication: the new key signs it', async () => {
    const { db } = newPublisher();
    const share = newShare();
    const core = await open(db);
    await saveFleet(core, { role: 'publish', folder: share, privateKeyFile: officer.privateKeyFile });
    expect((await core.publish()).keyFingerprint).toBe(officer.fingerprint);

    const changed = await cli(['settings', '--db', db, '--private-key', next.privateKeyFile]);
    expect(changed.code, changed.stderr).toBe(0);
    // The open core takes the new key: a publication with it is a rotation, said as such…
    await expect(core.publish()).rejects.toThrow(`not by this workstation's key ${next.fingerprint}`);
    // …and, confirmed, signed with it.
    const rotated = await core.publish(undefined, { newKey: true });
    expect(rotated.keyFingerprint).toBe(next.fingerprint);
    expect(core.settings().fleet.privateKeyFile).toBe(next.privateKeyFile);
    expect(core.about().fleet.status.keyFingerprint).toBe(next.fingerprint);

    // A file changed into something unusable is left alone, and the settings in force kept.
    const file = core.about().fleet.settingsFile;
    fs.writeFileSync(file, '{ not json');
    expect(core.settings().fleet.privateKeyFile).toBe(next.privateKeyFile);
    expect((await core.publish()).keyFingerprint).toBe(next.fingerprint);
    expect(core.settingsWarning).toMatch(
      /was changed but cannot be used .* the settings read before stay in force/,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('{ not json');
  });
});

describe('a watching follower whose shared folder comes back', () => {
  it('looks again soon while it is unreachable, follows as soon as it is back, then returns to the normal interval', async () => {
    const { db, ids } = newPublisher();
    const share = newShare();
    expect(
      (await cli(['publish', '--db', db, '--folder', share, '--key', officer.privateKeyFile])).code,
    ).toBe(0);
    // What the share will hold when it comes back: a newer publication.
    const later = path.join(dir, `share-later-${++counter}`);
    fs.cpSync(share, later, { recursive: true });
    setChampion(db, ids[1]!);
    expect(
      (await cli(['publish', '--db', db, '--folder', later, '--key', officer.privateKeyFile])).code,
    ).toBe(0);

    const desk = path.join(dir, `desk-${++counter}`, 'history.sqlite');
    const core = await open(desk, {
      mode: 'watch',
      timing: { checkMs: CHECK_MS, unreachableRetryMs: RETRY_MS },
    });
    const events: FleetStatus[] = [];
    core.onFleetEvent((e) => events.push(e.status));
    await saveFleet(core, { role: 'follow', folder: share, publicKeyFile: officer.publicKeyFile });
    await until('the first publication', () => core.modelInService().id === ids[0]);

    // The share goes away (a server restart) and comes back as a new folder, with a newer publication.
    fs.rmSync(share, { recursive: true });
    expect((await core.syncNow()).outcome).toBe('unreachable');
    await until('a few retries', () => events.filter((e) => e.outcome === 'unreachable').length >= 3);
    fs.cpSync(later, share, { recursive: true });
    await until('the newer publication', () => core.modelInService().id === ids[1]);
    // The look that took it said so; the copy's later watch events may bring one more look, which finds
    // the same publication in service ("up to date"), never anything else.
    const lastUnreachable = events.map((e) => e.outcome).lastIndexOf('unreachable');
    await until('the look that took it to say so', () =>
      events.slice(lastUnreachable + 1).some((e) => e.outcome === 'updated'),
    );
    expect(['updated', 'up-to-date']).toContain(core.fleetStatus().outcome);
    expect(
      (
        await core.predict({
          location: { kind: 'coordinates', easting: 530_450, northing: 179_050 },
          pumpOrder: 1,
          deployedFromHome: true,
        })
      ).modelId,
    ).toBe(ids[1]);

    // Back: the next look waits for the normal interval, not the retry's (after the copy's own watch
    // events have settled: they may bring one more look).
    await new Promise((r) => setTimeout(r, 2_500));
    const seen = events.length;
    await new Promise((r) => setTimeout(r, RETRY_MS * 5));
    expect(events.length).toBe(seen);
    expect(fs.existsSync(manifestPath(share))).toBe(true);
  }, 60_000);
});
