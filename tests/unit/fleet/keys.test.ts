import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../contract/fleet.js';
import { checkSettings } from '../../../main/core/fleet/check-settings.js';
import { openEnvelope, sealManifest, type Manifest } from '../../../main/core/fleet/envelope.js';
import {
  createKeyPair,
  keyFingerprint,
  readPrivateKey,
  readPublicKey,
} from '../../../main/core/fleet/keys.js';
import { tempDir } from '../../fixtures/lfb-files.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('pump-eta-keys-')));
afterEach(() => cleanup());

const manifest = (fingerprint: string): Manifest => ({
  version: 1,
  sequence: 3,
  modelId: 'abcdefabcdef',
  sha256: 'abcdefabcdef'.padEnd(64, '0'),
  size: 1000,
  publishedAt: '2026-12-03T18:20:00.000Z',
  publishedBy: "the data officer's workstation",
  user: 'officer',
  previousModelId: null,
  trainedFrom: '2023-01-01',
  trainedTo: '2023-12-31',
  metrics: { mae: 66.7 },
  reason: 'promote',
  keyFingerprint: fingerprint,
});

describe('signing keys', () => {
  it('makes an Ed25519 pair: the private key owner-only, never overwritten', () => {
    const made = createKeyPair(path.join(dir, 'officer'));
    expect(fs.statSync(made.privateKeyFile).mode & 0o777).toBe(0o600);
    expect(made.publicKeyFile).toBe(path.join(dir, 'officer.pub'));
    const priv = readPrivateKey(made.privateKeyFile);
    const pub = readPublicKey(made.publicKeyFile);
    expect(keyFingerprint(priv)).toBe(keyFingerprint(pub));
    expect(made.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    const before = fs.readFileSync(made.privateKeyFile);
    expect(() => createKeyPair(made.privateKeyFile)).toThrow(/already exists: a key is never overwritten/);
    expect(fs.readFileSync(made.privateKeyFile)).toEqual(before);
    expect(fs.readdirSync(dir).sort()).toEqual(['officer', 'officer.pub']);
  });

  it('refuses keys of the wrong kind, in words', () => {
    const made = createKeyPair(path.join(dir, 'k'));
    const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
    fs.writeFileSync(path.join(dir, 'rsa.pem'), rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }));
    fs.writeFileSync(path.join(dir, 'junk.pem'), 'not a key');
    expect(() => readPublicKey(made.privateKeyFile)).toThrow(/holds a PRIVATE key/);
    expect(() => readPrivateKey(made.publicKeyFile)).toThrow(/holds a public key/);
    expect(() => readPrivateKey(path.join(dir, 'rsa.pem'))).toThrow(/rsa key, not Ed25519/);
    expect(() => readPublicKey(path.join(dir, 'junk.pem'))).toThrow(/is not a PEM public key/);
    expect(() => readPublicKey(path.join(dir, 'missing.pub'))).toThrow(/does not exist/);
    expect(() => readPublicKey(dir)).toThrow(/is a folder/);
  });

  it('signs a manifest so that any change, another key or no signature is told apart', () => {
    const officer = createKeyPair(path.join(dir, 'officer'));
    const other = createKeyPair(path.join(dir, 'other'));
    const priv = readPrivateKey(officer.privateKeyFile);
    const pub = readPublicKey(officer.publicKeyFile);
    const sealed = sealManifest(manifest(keyFingerprint(priv)), priv);
    expect(openEnvelope(Buffer.from(sealed), pub, 'm').sequence).toBe(3);

    const foreign = readPrivateKey(other.privateKeyFile);
    const byOther = sealManifest(manifest(keyFingerprint(foreign)), foreign);
    expect(() => openEnvelope(Buffer.from(byOther), pub, 'm')).toThrow(
      new RegExp(
        `signed by another key \\(${other.fingerprint}\\), not the data officer's key configured here`,
      ),
    );
    const envelope = JSON.parse(sealed) as { manifest: string; signature?: string };
    const altered = { ...envelope, manifest: envelope.manifest.replace('"sequence":3', '"sequence":9') };
    expect(() => openEnvelope(Buffer.from(JSON.stringify(altered)), pub, 'm')).toThrow(
      /does not match its contents/,
    );
    const unsigned = { ...envelope, signature: undefined };
    expect(() => openEnvelope(Buffer.from(JSON.stringify(unsigned)), pub, 'm')).toThrow(/is not signed/);
    expect(() => openEnvelope(Buffer.from(sealed.slice(0, sealed.length / 2)), pub, 'm')).toThrow(
      /damaged or cut short/,
    );
  });
});

describe('checking settings before they are saved', () => {
  it('names the field and says what to do', () => {
    const keys = createKeyPair(path.join(dir, 'k'));
    const fleet = DEFAULT_SETTINGS.fleet;
    const follow = (over: object) => ({
      ...DEFAULT_SETTINGS,
      fleet: { ...fleet, role: 'follow', folder: dir, publicKeyFile: keys.publicKeyFile, ...over },
    });
    expect(checkSettings(follow({})).fleet.role).toBe('follow');
    expect(() => checkSettings(follow({ folder: path.join(dir, 'gone') }))).toThrow(
      /^The shared folder .* does not exist.*\(Settings › Fleet\)\.$/,
    );
    expect(() => checkSettings(follow({ folder: keys.publicKeyFile }))).toThrow(
      /^The shared folder .* is a file, not a folder/,
    );
    expect(() => checkSettings(follow({ publicKeyFile: keys.privateKeyFile }))).toThrow(
      /^The public key file .*PRIVATE key/,
    );
    expect(() => checkSettings(follow({ publicKeyFile: null }))).toThrow(
      /^To follow .*: the public key file is not set \(Settings › Fleet\)\.$/,
    );
    const publish = {
      ...DEFAULT_SETTINGS,
      fleet: { ...fleet, role: 'publish', folder: dir, privateKeyFile: keys.publicKeyFile },
    };
    expect(() => checkSettings(publish)).toThrow(/^The private key file .*holds a public key/);
    expect(() => checkSettings({ ...DEFAULT_SETTINGS, fleet: { ...fleet, checkMinutes: 0 } })).toThrow(
      /^Settings not saved — how often to look at the shared folder, in minutes \(Settings › Fleet\): /,
    );
    // No message names a setting by its key in settings.json.
    for (const bad of [
      follow({ folder: path.join(dir, 'gone') }),
      follow({ publicKeyFile: null }),
      publish,
    ]) {
      expect(() => checkSettings(bad)).toThrow(
        expect.objectContaining({ message: expect.not.stringMatching(/fleet\.\w+/) }),
      );
    }
  });
});
