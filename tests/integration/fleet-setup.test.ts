/**
 * Setting up a publisher and its followers as IT and the data officer do, with real parts (history
 * databases, a temporary shared folder, Ed25519 keys, models loaded by onnxruntime, the CLI as a child
 * process). Each case is a fault a trial found: a fresh follower refused its first publication told the
 * dispatcher to retrain; a folder whose manifest was deleted read "nothing published yet"; a public key
 * that does not verify the folder was saved without a word; settings.json was readable by all.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyPair } from '../../main/core/fleet/keys.js';
import { manifestPath, publishedModelPath } from '../../main/core/fleet/layout.js';
import { cli } from '../fixtures/cli.js';
import { modelIdOf, publisherDb, trainModels } from '../fixtures/fleet.js';
import { fleetCores } from '../fixtures/fleet-core.js';
import { tempDir } from '../fixtures/lfb-files.js';

type Keys = { privateKeyFile: string; publicKeyFile: string; fingerprint: string };

const where = ['--easting', '530450', '--northing', '179050'];
const REQUEST = {
  location: { kind: 'coordinates' as const, easting: 530_450, northing: 179_050 },
  pumpOrder: 1,
  deployedFromHome: true,
};
const EXIT_REFUSED = 5;

let dir: string;
let cleanup: () => void;
let officer: Keys;
let stranger: Keys;
let models: Uint8Array[];
let counter = 0;
const cores = fleetCores();

/** A shared folder holding one publication of `ids[0]`, signed with `key`. */
async function publishedShare(key: Keys = officer): Promise<{ share: string; ids: string[] }> {
  const db = path.join(dir, `officer-${++counter}`, 'history.sqlite');
  const ids = publisherDb(db, ...models);
  const share = path.join(dir, `share-${counter}`);
  fs.mkdirSync(share);
  const r = await cli(['publish', '--db', db, '--folder', share, '--key', key.privateKeyFile]);
  expect(r.code, r.stderr).toBe(0);
  return { share, ids };
}

function shaOf(folder: string): string {
  const envelope = JSON.parse(fs.readFileSync(manifestPath(folder), 'utf8')) as { manifest: string };
  return (JSON.parse(envelope.manifest) as { sha256: string }).sha256;
}

const freshDesk = () => path.join(dir, `desk-${++counter}`, 'history.sqlite');

/** A dispatcher workstation set up from the command line as the user guide says. */
async function follower(share: string, key: Keys = officer): Promise<string> {
  const db = freshDesk();
  const r = await cli([
    'settings',
    '--db',
    db,
    '--role',
    'follow',
    '--folder',
    share,
    '--public-key',
    key.publicKeyFile,
    '--force',
  ]);
  expect(r.code, r.stderr).toBe(0);
  return db;
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('pump-eta-fleet-setup-'));
  officer = createKeyPair(path.join(dir, 'keys', 'officer'));
  stranger = createKeyPair(path.join(dir, 'keys', 'stranger'));
  models = await trainModels(path.join(dir, 'train'), [1, 2]);
}, 180_000);

afterAll(async () => {
  await cores.closeAll();
  cleanup();
});

describe('a fresh follower whose first publication is refused', () => {
  it('says the control room’s model could not be verified, that the demo model answers, and who acts — never “retrain”', async () => {
    const { share } = await publishedShare(stranger);
    const desk = await follower(share);
    const sync = await cli(['sync', '--db', desk]);
    expect(sync.code).toBe(EXIT_REFUSED);
    const said = sync.stderr.trim();
    expect(said).toMatch(/^pump-eta sync: The control room's model could not be verified\. /);
    expect(said).toMatch(/is not signed by the key in .*officer\.pub/);
    expect(said).toMatch(
      /Until IT gives this workstation the data officer's current public key \(Settings › Fleet\), answers on this workstation come from the demonstration model, trained on synthetic data, not on LFB records\.$/,
    );
    expect(said).not.toMatch(/retrain|import/i);

    // Each answer says the same, first, in the CLI and in the app.
    const answer = await cli(['predict', '--db', desk, ...where]);
    expect(answer.code, answer.stderr).toBe(0);
    const first = answer.stdout.split('\n')[0]!;
    expect(first).toMatch(/^DEMO MODEL: The control room's model could not be verified\. /);
    expect(first).toMatch(/the data officer's current public key/);
    expect(answer.stdout).not.toMatch(/retrain/i);
    const core = await cores.open(desk);
    const p = await core.predict(REQUEST);
    expect(p.isDemoModel).toBe(true);
    expect(p.demoNotice).toMatch(/^The control room's model could not be verified\. .*demonstration model/);
    const status = await core.syncNow();
    expect(status.outcome).toBe('refused');
    expect(status.message).toMatch(/could not be verified.*not on LFB records\.$/);
    expect(
      (await core.rankStations({ location: REQUEST.location, pumpOrder: 1 })).stations[0]?.demoNotice,
    ).toBe(status.message);
  }, 120_000);

  it('a tampered model file: the data officer is to publish again', async () => {
    const { share } = await publishedShare();
    const file = publishedModelPath(share, shaOf(share));
    const bytes = fs.readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    fs.writeFileSync(file, bytes);
    const desk = await follower(share);
    const sync = await cli(['sync', '--db', desk, '--json']);
    expect(sync.code).toBe(EXIT_REFUSED);
    const { message } = JSON.parse(sync.stdout) as { message: string };
    expect(message).toMatch(/its model file was altered/);
    expect(message).toMatch(
      /Until the data officer publishes the model again, answers .* demonstration model/,
    );
    const answer = await cli(['predict', '--db', desk, ...where, '--json']);
    expect((JSON.parse(answer.stdout) as { demoNotice: string }).demoNotice).toMatch(
      /could not be verified\..*its model file was altered/,
    );
  }, 60_000);

  it('a workstation that does not follow is still told to import LFB data and train', async () => {
    const answer = await cli(['predict', '--db', freshDesk(), ...where]);
    expect(answer.code, answer.stderr).toBe(0);
    expect(answer.stdout.split('\n')[0]).toBe(
      'DEMO MODEL: Trained on synthetic data, not on LFB records: import LFB data and train a model before relying on it.',
    );
  }, 60_000);
});

describe('a shared folder whose manifest was deleted, its publications left', () => {
  it('is damaged, not empty: said with what is there and what is missing, exit 5, the model in service kept', async () => {
    const { share, ids } = await publishedShare();
    const desk = await follower(share);
    expect((await cli(['sync', '--db', desk])).code).toBe(0);
    fs.rmSync(manifestPath(share));
    // A publication under way leaves dot-prefixed temp files: they are not publications.
    fs.writeFileSync(path.join(share, 'models', '.partial.onnx.tmp'), 'x');
    const sync = await cli(['sync', '--db', desk, '--json']);
    expect(sync.code).toBe(EXIT_REFUSED);
    const json = JSON.parse(sync.stdout) as { outcome: string; message: string; model: string };
    expect(json.outcome).toBe('refused');
    expect(json.model).toBe(ids[0]);
    expect(json.message).toMatch(/by the data officer's workstation\) stays in service\.$/);
    expect(json.message.slice(0, json.message.lastIndexOf('(published ') + 11)).toBe(
      `The shared folder ${share} is damaged: it holds 1 publication (the newest publications/00000001-${ids[0]}.json) ` +
        `and 1 model file, but its manifest.json, which says which publication is in force, is missing; ` +
        `the data officer should publish again. Model ${ids[0]} (published `,
    );
    const answer = await cli(['predict', '--db', desk, ...where, '--json']);
    expect((JSON.parse(answer.stdout) as { modelId: string }).modelId).toBe(ids[0]);
  }, 60_000);

  it('an empty folder, or one with only a publication’s temp files, has nothing published yet (exit 0)', async () => {
    const share = path.join(dir, `empty-${++counter}`);
    fs.mkdirSync(path.join(share, 'models'), { recursive: true });
    fs.writeFileSync(path.join(share, 'models', '.abc.onnx.1.2.tmp'), 'x');
    const desk = await follower(share);
    const sync = await cli(['sync', '--db', desk]);
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toMatch(/^Nothing has been published to .* yet\./);
  }, 60_000);
});

describe('setting the data officer’s public key', () => {
  const settingsOf = (desk: string) => path.join(path.dirname(desk), 'settings.json');

  it('refuses a key that does not verify the folder’s publication (exit 5, nothing saved) unless --force', async () => {
    const { share } = await publishedShare(stranger);
    const desk = freshDesk();
    const args = ['settings', '--db', desk, '--role', 'follow', '--folder', share, '--public-key'];
    const refused = await cli([...args, officer.publicKeyFile]);
    const signed = modelIdOf(models[0]!);
    expect(refused.code).toBe(EXIT_REFUSED);
    expect(refused.stderr).toBe(
      `pump-eta settings: Settings not saved: The public key in ${officer.publicKeyFile} (key ${officer.fingerprint}) ` +
        `does not verify the shared folder's current publication (publication 1, model ${signed}), signed by key ${stranger.fingerprint}: this workstation would refuse it and keep the model it serves. ` +
        `Ask the data officer for the current public key (the .pub file). To save it anyway (a rotation not yet published), add --force.\n`,
    );
    expect(fs.existsSync(settingsOf(desk))).toBe(false);
    // The key that signed it is taken without a word.
    const right = await cli([...args, stranger.publicKeyFile]);
    expect(right.code, right.stderr).toBe(0);
    expect(right.stderr).toBe('');
    // Forced: saved, with a warning.
    const forced = await cli([...args, officer.publicKeyFile, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toMatch(
      /^pump-eta: WARNING: saved with --force: The public key in .* does not verify/,
    );
    expect(
      (JSON.parse(fs.readFileSync(settingsOf(desk), 'utf8')) as { fleet: { publicKeyFile: string } }).fleet
        .publicKeyFile,
    ).toBe(officer.publicKeyFile);

    // The app's Settings dialog saves it, and the status says at once that it does not verify.
    const core = await cores.open(freshDesk());
    await core.saveSettings({
      ...core.settings(),
      fleet: {
        ...core.settings().fleet,
        role: 'follow',
        folder: share,
        publicKeyFile: officer.publicKeyFile,
      },
    });
    expect(core.fleetStatus().outcome).toBe('refused');
    expect(core.fleetStatus().message).toMatch(
      /^The public key in .* does not verify the shared folder's current publication/,
    );
  }, 60_000);

  it('refuses a file that is not a public key at all, saving nothing', async () => {
    const { share } = await publishedShare();
    const desk = freshDesk();
    const notes = path.join(dir, 'notes.txt');
    fs.writeFileSync(notes, 'the key is on the USB stick\n');
    for (const [file, said] of [
      [notes, /The public key file .* is not a PEM public key/],
      [officer.privateKeyFile, /holds a PRIVATE key/],
    ] as const) {
      const r = await cli([
        'settings',
        '--db',
        desk,
        '--role',
        'follow',
        '--folder',
        share,
        '--public-key',
        file,
        '--force',
      ]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(said);
      expect(r.stderr).not.toMatch(/fleet\.\w+:/);
      expect(fs.existsSync(settingsOf(desk))).toBe(false);
    }
  }, 60_000);
});

describe('settings.json', () => {
  it('is readable by its owner only (0600), in a folder it creates 0700 — also replacing an open one', async () => {
    const desk = path.join(dir, `private-${++counter}`, 'data', 'history.sqlite');
    const r = await cli(['settings', '--db', desk, '--check-minutes', '7']);
    expect(r.code, r.stderr).toBe(0);
    const file = path.join(path.dirname(desk), 'settings.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    fs.chmodSync(file, 0o644);
    expect((await cli(['settings', '--db', desk, '--check-minutes', '8'])).code).toBe(0);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // The app's dialog writes it the same way.
    fs.chmodSync(file, 0o644);
    const core = await cores.open(desk);
    await core.saveSettings({ ...core.settings(), retentionDays: core.settings().retentionDays });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  }, 60_000);
});

describe('a watching follower', () => {
  it('looks at once when a published model file is altered in place (same name), not at the next timed check', async () => {
    const { share, ids } = await publishedShare();
    const desk = freshDesk();
    // No timed look during the test: only a watch event can bring the next one.
    const core = await cores.open(desk, {
      mode: 'watch',
      overrides: { role: 'follow', folder: share, publicKeyFile: officer.publicKeyFile },
      timing: { checkMs: 10 * 60_000 },
    });
    const until = async (outcome: string) => {
      const start = Date.now();
      while (core.fleetStatus().outcome !== outcome) {
        if (Date.now() - start > 15_000)
          throw new Error(`no ${outcome}: ${JSON.stringify(core.fleetStatus())}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await until('updated');
    expect(core.modelInService().id).toBe(ids[0]);
    // Let the burst of events from the look itself settle, then alter the file where it is.
    await new Promise((r) => setTimeout(r, 1_500));
    const file = publishedModelPath(share, shaOf(share));
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.from([0xff, 0xfe]), 0, 2, 100);
    fs.closeSync(fd);
    await until('refused');
    expect(core.fleetStatus().message).toMatch(/its model file was altered/);
    expect(core.modelInService().id).toBe(ids[0]);
    // The followed model is scored in the background: let that finish before the folder is removed.
    await core.monitor();
  }, 60_000);
});
