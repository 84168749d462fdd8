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
import { publisherDb, trainModels } from '../fixtures/fleet.js';
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
    expect((await core.rankStations(REQUEST)).stations[0]?.demoNotice).toBe(status.message);
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
