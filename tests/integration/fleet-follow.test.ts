/**
 * The fleet with real parts: two history databases (a data officer's and a dispatcher workstation's),
 * a shared temporary folder, real Ed25519 keys, real model files loaded by onnxruntime, the CLI as a
 * user runs it. Publish → follow; a watching follower swaps between answers; tampered, unsigned,
 * truncated, foreign-key and older publications are refused with a sentence; a follower whose folder
 * disappears keeps answering and says so.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetEvent, FleetStatus } from '../../contract/index.js';
import { openDatabase } from '../../main/core/db/index.js';
import { createKeyPair } from '../../main/core/fleet/keys.js';
import { manifestPath, publicationsDir, publishedModelPath } from '../../main/core/fleet/layout.js';
import { cli } from '../fixtures/cli.js';
import { fleetCores } from '../fixtures/fleet-core.js';
import { modelIdOf, publisherDb, setChampion, trainModels } from '../fixtures/fleet.js';
import { tempDir } from '../fixtures/lfb-files.js';

const where = ['--easting', '530450', '--northing', '179050'];
const REQUEST = {
  location: { kind: 'coordinates' as const, easting: 530_450, northing: 179_050 },
  pumpOrder: 1,
  deployedFromHome: true,
};
/** fs.watch and the debounce answer within a second or two; the bound leaves room for a busy machine. */
const FOLLOW_TIMEOUT_MS = 20_000;

let dir: string;
let cleanup: () => void;
let share: string;
let officer: { privateKeyFile: string; publicKeyFile: string };
let stranger: { privateKeyFile: string; publicKeyFile: string };
let pubDb: string;
let ids: string[];
let models: Uint8Array[];
const cores = fleetCores();
const open = cores.open;

async function predictId(dbPath: string): Promise<string> {
  const r = await cli(['predict', '--db', dbPath, ...where, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { modelId: string }).modelId;
}

/** A copy of the shared folder to tamper with, the real one untouched. */
function copyShare(name: string): string {
  const copy = path.join(dir, name);
  fs.cpSync(share, copy, { recursive: true });
  return copy;
}

function currentSha(folder: string): string {
  const envelope = JSON.parse(fs.readFileSync(manifestPath(folder), 'utf8')) as { manifest: string };
  return (JSON.parse(envelope.manifest) as { sha256: string }).sha256;
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('pump-eta-fleet-'));
  share = path.join(dir, 'share');
  fs.mkdirSync(share);
  officer = createKeyPair(path.join(dir, 'keys', 'officer'));
  stranger = createKeyPair(path.join(dir, 'keys', 'stranger'));
  models = await trainModels(path.join(dir, 'train'), [1, 2, 3]);
  pubDb = path.join(dir, 'officer', 'history.sqlite');
  ids = publisherDb(pubDb, ...models);
  expect(new Set(ids).size).toBe(3);
  expect(ids).toEqual(models.map(modelIdOf));
}, 180_000);

afterAll(async () => {
  await cores.closeAll();
  cleanup();
});

describe('publish → follow', () => {
  const follower = () => path.join(dir, 'desk1', 'history.sqlite');

  it('publishes the champion through the CLI, and a workstation with no history follows it', async () => {
    const published = await cli([
      'publish',
      '--db',
      pubDb,
      '--folder',
      share,
      '--key',
      officer.privateKeyFile,
      '--json',
    ]);
    expect(published.code, published.stderr).toBe(0);
    const { publication } = JSON.parse(published.stdout) as {
      publication: { modelId: string; sequence: number };
    };
    expect(publication).toMatchObject({ modelId: ids[0], sequence: 1 });
    expect(fs.readdirSync(publicationsDir(share))).toEqual([`00000001-${ids[0]}.json`]);
    expect(fs.readdirSync(path.join(share, 'models'))).toEqual([
      path.basename(publishedModelPath(share, currentSha(share))),
    ]);

    const synced = await cli([
      'sync',
      '--db',
      follower(),
      '--folder',
      share,
      '--public-key',
      officer.publicKeyFile,
      '--json',
    ]);
    expect(synced.code, synced.stderr).toBe(0);
    const result = JSON.parse(synced.stdout) as {
      outcome: string;
      model: string;
      message: string;
      previousModel: string;
    };
    expect(result.outcome).toBe('updated');
    expect(result.model).toBe(ids[0]);
    expect(result.message).toMatch(
      new RegExp(
        `^Model ${ids[0]} \\(published \\d+ \\w+ \\d\\d:\\d\\d by the data officer's workstation\\) is now in service, replacing model ${result.previousModel}\\.$`,
      ),
    );
    expect(await predictId(follower())).toBe(ids[0]);

    const again = await cli([
      'sync',
      '--db',
      follower(),
      '--folder',
      share,
      '--public-key',
      officer.publicKeyFile,
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/is in service; it is the one published\./);
  });

  it('a watching follower swaps to a new publication between two answers, and every answer succeeds', async () => {
    const desk = path.join(dir, 'desk2', 'history.sqlite');
    const core = await open(desk, { mode: 'watch' });
    await core.saveSettings({
      ...core.settings(),
      fleet: {
        ...core.settings().fleet,
        role: 'follow',
        folder: share,
        publicKeyFile: officer.publicKeyFile,
        checkMinutes: 1,
      },
    });
    const events: FleetStatus[] = [];
    core.onFleetEvent((e: FleetEvent) => events.push(e.status));
    const until = async (outcome: string, model: string) => {
      const start = Date.now();
      while (!(core.fleetStatus().outcome === outcome && core.modelInService().id === model)) {
        if (Date.now() - start > FOLLOW_TIMEOUT_MS)
          throw new Error(`no ${outcome} to ${model}: ${JSON.stringify(core.fleetStatus())}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await until('updated', ids[0]!);

    // Answers keep coming while the data officer publishes model B: each finishes on the model it started on.
    const publisher = await open(pubDb, {
      overrides: { role: 'publish', folder: share, privateKeyFile: officer.privateKeyFile },
    });
    const answered: string[] = [];
    let failures = 0;
    let stop = false;
    const load = (async () => {
      while (!stop) {
        const batch = await Promise.allSettled(Array.from({ length: 8 }, () => core.predict(REQUEST)));
        for (const r of batch) {
          if (r.status === 'fulfilled') answered.push(r.value.modelId);
          else failures++;
        }
      }
    })();
    // Only the model in service is published: the data officer promotes B, then publishes it.
    expect((await publisher.promoteModel(ids[1]!, true)).promoted).toBe(true);
    const p = await publisher.publish(ids[1]);
    expect(p.sequence).toBe(2);
    await until('updated', ids[1]!);
    await new Promise((r) => setTimeout(r, 1_500));
    stop = true;
    await load;
    expect(failures).toBe(0);
    const firstB = answered.indexOf(ids[1]!);
    expect(firstB).toBeGreaterThan(0);
    expect(answered.slice(0, firstB).every((id) => id === ids[0])).toBe(true);
    expect(answered.slice(firstB).every((id) => id === ids[1])).toBe(true);
    expect((await core.predict(REQUEST)).modelId).toBe(ids[1]);
    const status = core.fleetStatus();
    expect(status.origin).toMatchObject({ kind: 'published', publishedBy: "the data officer's workstation" });
    expect(events.some((e) => e.outcome === 'updated' && e.message.includes(`Model ${ids[1]}`))).toBe(true);
    expect(core.about().fleet.status.outcome).toBe('updated');
    const list = await core.publications();
    expect(list.current?.modelId).toBe(ids[1]);
    expect(list.history.map((h) => h.sequence)).toEqual([2, 1]);
    expect(list.problems).toEqual([]);
    // The swap is recorded as a follow in the model history, the model registered locally.
    expect(core.listModels().find((m) => m.id === ids[1])?.status).toBe('champion');
  }, 60_000);
});

describe('refused publications leave the model in service and say why in one sentence', () => {
  const desk = () => path.join(dir, 'desk1', 'history.sqlite');

  async function refusedBy(folder: string, key = officer.publicKeyFile): Promise<string> {
    const r = await cli(['sync', '--db', desk(), '--folder', folder, '--public-key', key, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(5);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(r.stdout) as {
      outcome: string;
      model: string;
      previousModel: string;
      message: string;
    };
    expect(json.outcome).toBe('refused');
    // The model in service is the one it had: nothing was swapped, registered or made champion.
    expect(json.model).toBe(json.previousModel);
    expect(lines[0]).toBe(`pump-eta sync: ${json.message}`);
    expect(lines[0]).toMatch(new RegExp(`stays in service\\.$`));
    // Logged on the workstation, with the sentence shown.
    const db = openDatabase(desk(), { readonly: true });
    const logged = db.prepare(`SELECT outcome, message FROM fleet_log ORDER BY id DESC LIMIT 1`).get() as {
      outcome: string;
      message: string;
    };
    db.close();
    expect(logged.outcome).toBe('refused');
    expect(json.message.startsWith(logged.message)).toBe(true);
    return lines[0]!;
  }

  it('a model file altered after signing', async () => {
    const folder = copyShare('altered');
    const file = publishedModelPath(folder, currentSha(folder));
    const bytes = fs.readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    fs.writeFileSync(file, bytes);
    expect(await refusedBy(folder)).toMatch(
      /is refused: its model file was altered \(hash [0-9a-f]{12}…, signed [0-9a-f]{12}…\)/,
    );
  });

  it('a model file cut short', async () => {
    const folder = copyShare('truncated');
    const file = publishedModelPath(folder, currentSha(folder));
    fs.truncateSync(file, 1000);
    expect(await refusedBy(folder)).toMatch(/its model file is cut short \(1000 of \d+ bytes\)/);
  });

  it('a manifest without a signature', async () => {
    const folder = copyShare('unsigned');
    const envelope = JSON.parse(fs.readFileSync(manifestPath(folder), 'utf8')) as Record<string, unknown>;
    delete envelope.signature;
    fs.writeFileSync(manifestPath(folder), JSON.stringify(envelope));
    expect(await refusedBy(folder)).toMatch(/is refused: its manifest is not signed\./);
  });

  it('a manifest cut short', async () => {
    const folder = copyShare('cut-manifest');
    fs.truncateSync(manifestPath(folder), 100);
    expect(await refusedBy(folder)).toMatch(/its manifest is damaged or cut short/);
  });

  it('a manifest edited after signing (another model named)', async () => {
    const folder = copyShare('edited');
    const envelope = JSON.parse(fs.readFileSync(manifestPath(folder), 'utf8')) as { manifest: string };
    envelope.manifest = envelope.manifest.replace(/"sequence":\d+/, '"sequence":99');
    fs.writeFileSync(manifestPath(folder), JSON.stringify(envelope));
    expect(await refusedBy(folder)).toMatch(/signature that does not match its contents/);
  });

  it('a publication signed with another key', async () => {
    const folder = path.join(dir, 'foreign');
    fs.mkdirSync(folder);
    const r = await cli(['publish', '--db', pubDb, '--folder', folder, '--key', stranger.privateKeyFile]);
    expect(r.code, r.stderr).toBe(0);
    expect(await refusedBy(folder)).toMatch(
      new RegExp(
        `^pump-eta sync: The folder's publication is not signed by the key in ${officer.publicKeyFile} ` +
          `\\([0-9a-f]{16}; it is signed by [0-9a-f]{16}\\): ask the data officer for the current public key\\. `,
      ),
    );
  });

  it('an older publication put back (a restored backup, a replay)', async () => {
    const folder = copyShare('older');
    const [newest, oldest] = fs.readdirSync(publicationsDir(folder)).sort().reverse();
    expect(newest).toMatch(/^00000002-/);
    // desk1 followed publication 1 from the CLI test; move it on to 2, then offer 1 again.
    const sync = await cli([
      'sync',
      '--db',
      desk(),
      '--folder',
      folder,
      '--public-key',
      officer.publicKeyFile,
    ]);
    expect(sync.code, sync.stderr).toBe(0);
    fs.copyFileSync(path.join(publicationsDir(folder), oldest!), manifestPath(folder));
    expect(await refusedBy(folder)).toMatch(
      /Publication 1 \(model \w+\) is refused: it is older than publication 2, already followed here/,
    );
  });

  it('a fresh workstation offered a foreign publication stays on the demo model', async () => {
    const fresh = path.join(dir, 'desk-fresh', 'history.sqlite');
    const r = await cli([
      'sync',
      '--db',
      fresh,
      '--folder',
      path.join(dir, 'foreign'),
      '--public-key',
      officer.publicKeyFile,
      '--json',
    ]);
    expect(r.code).toBe(5);
    expect((JSON.parse(r.stdout) as { outcome: string }).outcome).toBe('refused');
    const p = await cli(['predict', '--db', fresh, ...where, '--json']);
    expect((JSON.parse(p.stdout) as { isDemoModel: boolean }).isDemoModel).toBe(true);
  });
});

describe('a follower whose shared folder disappears', () => {
  it('keeps answering with its model and says the folder is unreachable; it follows again when it is back', async () => {
    const folder = copyShare('vanishing');
    const desk = path.join(dir, 'desk3', 'history.sqlite');
    const core = await open(desk);
    await core.saveSettings({
      ...core.settings(),
      fleet: { ...core.settings().fleet, role: 'follow', folder, publicKeyFile: officer.publicKeyFile },
    });
    expect((await core.syncNow()).outcome).toBe('updated');
    const model = core.modelInService().id;
    fs.renameSync(folder, `${folder}-gone`);
    const gone = await core.syncNow();
    expect(gone.outcome).toBe('unreachable');
    expect(gone.message).toMatch(
      new RegExp(
        `^The shared folder .* cannot be reached \\(ENOENT\\)\\. Model ${model} \\(published .*\\) stays in service\\.$`,
      ),
    );
    expect((await core.predict(REQUEST)).modelId).toBe(model);
    fs.rmSync(`${folder}-gone`, { recursive: true });
    expect((await core.syncNow()).outcome).toBe('unreachable');
    expect((await core.predict(REQUEST)).modelId).toBe(model);
    // The share is back: the same publication, so nothing to swap.
    fs.cpSync(share, folder, { recursive: true });
    const back = await core.syncNow();
    expect(back.outcome).toBe('up-to-date');
    expect(core.modelInService().id).toBe(model);
    const r = await cli([
      'sync',
      '--db',
      path.join(dir, 'desk1', 'history.sqlite'),
      '--folder',
      `${folder}-gone`,
      '--public-key',
      officer.publicKeyFile,
    ]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      /^pump-eta sync: The shared folder .* cannot be reached \(ENOENT\)\. Model \w+ .*stays in service\.\n$/,
    );
  });
});

describe('publishing on promotion', () => {
  it('publishes each promotion and rollback; a failure to publish never undoes the promotion', async () => {
    const folder = path.join(dir, 'on-promote');
    fs.mkdirSync(folder);
    const core = await open(pubDb);
    await core.saveSettings({
      ...core.settings(),
      fleet: {
        ...core.settings().fleet,
        role: 'publish',
        folder,
        privateKeyFile: officer.privateKeyFile,
        publishOnPromote: true,
      },
    });
    const champion = core.modelInService().id;
    const other = ids.find((id) => id !== champion)!;
    const promoted = await core.promoteModel(other, true);
    expect(promoted.promoted).toBe(true);
    expect(promoted.fleet).toMatch(/^Published to .* as publication 1: workstations will follow\.$/);
    const rolled = await core.rollbackModel();
    expect(rolled.model.id).toBe(champion);
    expect(rolled.fleet).toMatch(/as publication 2/);
    const list = await core.publications();
    expect(list.history.map((p) => [p.sequence, p.modelId, p.reason])).toEqual([
      [2, champion, 'rollback'],
      [1, other, 'promote'],
    ]);
    expect(list.history[0]!.previousModelId).toBe(other);

    fs.rmSync(folder, { recursive: true });
    const again = await core.promoteModel(other, true);
    expect(again.promoted).toBe(true);
    expect(core.modelInService().id).toBe(other);
    expect(again.fleet).toMatch(
      /^The model is in service here, but publishing it failed: The shared folder .* does not exist/,
    );
    expect(core.fleetStatus().outcome).toBe('unreachable');
  });
});

describe('rotating the key', () => {
  it('the data officer republishes the model in service with the new key, confirmed; workstations keep it until given the new public key', async () => {
    const folder = path.join(dir, 'rotation');
    fs.mkdirSync(folder);
    const rotDb = path.join(dir, 'officer-rotation', 'history.sqlite');
    expect(publisherDb(rotDb, ...models)[0]).toBe(ids[0]);
    const publish = (key: string, ...flags: string[]) =>
      cli(['publish', '--db', rotDb, '--folder', folder, '--key', key, ...flags]);
    const first = await publish(officer.privateKeyFile);
    expect(first.code, first.stderr).toBe(0);
    const core = await open(path.join(dir, 'desk-rotation', 'history.sqlite'));
    const follow = (publicKeyFile: string) =>
      core.saveSettings({
        ...core.settings(),
        fleet: { ...core.settings().fleet, role: 'follow', folder, publicKeyFile },
      });
    await follow(officer.publicKeyFile);
    expect((await core.syncNow()).outcome).toBe('updated');
    expect(core.modelInService().id).toBe(ids[0]);

    // The new key signs the model already in service, so no workstation changes model on the way.
    const next = createKeyPair(path.join(dir, 'keys', 'officer-next'));
    const unconfirmed = await publish(next.privateKeyFile);
    expect(unconfirmed.code).not.toBe(0);
    expect(unconfirmed.stderr).toMatch(/pump-eta publish --new-key/);
    const rotated = await publish(next.privateKeyFile, '--new-key');
    expect(rotated.code, rotated.stderr).toBe(0);

    // Still on the old key: refused in one sentence, exit 5, the same model kept.
    const waiting = await core.syncNow();
    expect(waiting.outcome).toBe('refused');
    expect(waiting.message).toMatch(
      /^The folder's publication is not signed by the key in .*officer\.pub \([0-9a-f]{16}; it is signed by [0-9a-f]{16}\): ask the data officer for the current public key\. Model \w+ \(published .*\) stays in service\.$/,
    );
    expect(core.modelInService().id).toBe(ids[0]);
    // Given the new public key: the same model, verified again.
    await follow(next.publicKeyFile);
    const again = await core.syncNow();
    expect(again.outcome, again.message).toBe('up-to-date');
    expect(again.keyFingerprint).toBe(next.fingerprint);
    expect(core.modelInService().id).toBe(ids[0]);

    // The next model, signed with the new key, is taken.
    setChampion(rotDb, ids[2]!);
    const second = await publish(next.privateKeyFile);
    expect(second.code, second.stderr).toBe(0);
    expect((await core.syncNow()).outcome).toBe('updated');
    expect(core.modelInService().id).toBe(ids[2]);
    expect((await core.predict(REQUEST)).modelId).toBe(ids[2]);

    // A workstation still on the old key refuses the new key's publication, and keeps its model.
    const stale = await cli([
      'sync',
      '--db',
      path.join(dir, 'desk-stale', 'history.sqlite'),
      '--folder',
      folder,
      '--public-key',
      officer.publicKeyFile,
    ]);
    expect(stale.code).toBe(5);
    expect(stale.stderr).toMatch(/ask the data officer for the current public key/);
  });
});
