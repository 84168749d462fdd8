import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-file.js';

/** A PEM file is a few hundred bytes; refuse to read anything much larger as a key. */
const MAX_KEY_BYTES = 16 * 1024;
/** Hex digits of the fingerprint: enough to tell keys apart by eye, short enough to read out. */
const FINGERPRINT_HEX = 16;
/** The private key is readable by its owner only. */
const PRIVATE_KEY_MODE = 0o600;
const PUBLIC_KEY_MODE = 0o644;

/** A key file that cannot be used; the message names the file, the field and what to do. */
export class KeyFileError extends Error {
  override name = 'KeyFileError';
}

export function publicKeyFileFor(privateKeyFile: string): string {
  return `${privateKeyFile}.pub`;
}

/**
 * Makes the data officer's signing pair: FILE (private, PKCS#8 PEM, owner-only) and FILE.pub (public,
 * SPKI PEM). Refuses to replace either: overwriting a private key would orphan every follower.
 */
export function createKeyPair(privateKeyFile: string): {
  privateKeyFile: string;
  publicKeyFile: string;
  fingerprint: string;
} {
  const publicKeyFile = publicKeyFileFor(privateKeyFile);
  for (const file of [privateKeyFile, publicKeyFile]) {
    if (fs.existsSync(file)) {
      throw new KeyFileError(
        `${file} already exists: a key is never overwritten (followers trust the one they have). ` +
          `Choose another file name, or move the old key away first.`,
      );
    }
  }
  // A new folder for a key is its owner's alone, like the private key itself.
  fs.mkdirSync(path.dirname(path.resolve(privateKeyFile)), { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const privatePem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  const publicPem = publicKey.export({ format: 'pem', type: 'spki' }) as string;
  writeFileAtomic(privateKeyFile, privatePem, { mode: PRIVATE_KEY_MODE, exclusive: true });
  try {
    writeFileAtomic(publicKeyFile, publicPem, { mode: PUBLIC_KEY_MODE, exclusive: true });
  } catch (error) {
    fs.rmSync(privateKeyFile, { force: true });
    throw error;
  }
  return { privateKeyFile, publicKeyFile, fingerprint: keyFingerprint(publicKey) };
}

function readPem(file: string, what: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new KeyFileError(
      code === 'ENOENT'
        ? `${what} ${file} does not exist: check the path`
        : `${what} ${file} cannot be read (${code ?? 'error'}): check the path and its permissions`,
    );
  }
  if (!stat.isFile()) throw new KeyFileError(`${what} ${file} is a folder, not a key file`);
  if (stat.size > MAX_KEY_BYTES)
    throw new KeyFileError(`${what} ${file} is too large to be a key (${stat.size} bytes)`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new KeyFileError(
      `${what} ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}

/** The data officer's signing key (PEM, Ed25519, private). */
export function readPrivateKey(file: string): KeyObject {
  const what = 'The private key file';
  const pem = readPem(file, what);
  if (/-----BEGIN PUBLIC KEY-----/.test(pem)) {
    throw new KeyFileError(
      `${what} ${file} holds a public key: give the private key (made by 'pump-eta keys create', the file without .pub)`,
    );
  }
  let key: KeyObject;
  try {
    key = crypto.createPrivateKey(pem);
  } catch {
    throw new KeyFileError(
      `${what} ${file} is not a PEM private key: make one with 'pump-eta keys create --out FILE'`,
    );
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new KeyFileError(
      `${what} ${file} is a ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519: make one with 'pump-eta keys create --out FILE'`,
    );
  }
  return key;
}

/** The data officer's public key (PEM, Ed25519), which followers check publications with. */
export function readPublicKey(file: string): KeyObject {
  const what = 'The public key file';
  const pem = readPem(file, what);
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new KeyFileError(
      `${what} ${file} holds a PRIVATE key: a workstation needs only the public one (FILE.pub). ` +
        `Delete this copy, and keep the private key on the data officer's workstation only`,
    );
  }
  let key: KeyObject;
  try {
    key = crypto.createPublicKey(pem);
  } catch {
    throw new KeyFileError(
      `${what} ${file} is not a PEM public key: use the .pub file made by 'pump-eta keys create'`,
    );
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new KeyFileError(`${what} ${file} is a ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519`);
  }
  return key;
}

/** First hex digits of the sha256 of the raw 32-byte public key: the same for a key and its pair. */
export function keyFingerprint(key: KeyObject): string {
  const pub = key.type === 'private' ? crypto.createPublicKey(key) : key;
  const jwk = pub.export({ format: 'jwk' });
  const raw = Buffer.from(jwk.x ?? '', 'base64url');
  return crypto.createHash('sha256').update(raw).digest('hex').slice(0, FINGERPRINT_HEX);
}

export function signBytes(data: Uint8Array, privateKey: KeyObject): Buffer {
  return crypto.sign(null, data, privateKey);
}

export function verifyBytes(data: Uint8Array, signature: Uint8Array, publicKey: KeyObject): boolean {
  try {
    return crypto.verify(null, data, publicKey, signature);
  } catch {
    return false;
  }
}
