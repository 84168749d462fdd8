import crypto, { type KeyObject } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Publication } from '../../../contract/fleet.js';
import {
  EnvelopeError,
  envelopeHash,
  MAX_ENVELOPE_BYTES,
  openEnvelope,
  toPublication,
  type Manifest,
} from './envelope.js';
import { manifestPath, publicationsDir, publishedModelPath, sequenceOfJournalName } from './layout.js';

/** A network share that hangs must not hang the check: past this, the folder counts as unreachable. */
export const FOLDER_TIMEOUT_MS = 30_000;
/** Model files are about a megabyte; anything larger than this is not one of ours. */
const MAX_MODEL_BYTES = 256 * 1024 * 1024;

/** What one look at the shared folder found. */
export type FolderReading =
  | { readonly kind: 'unreachable'; readonly message: string }
  | { readonly kind: 'nothing-published'; readonly message: string }
  | {
      readonly kind: 'refused';
      readonly message: string;
      readonly manifestSha256: string | null;
      /** Refused for its manifest (signature, shape) or for its model file (missing, size, hash). */
      readonly stage: 'manifest' | 'model';
    }
  | {
      readonly kind: 'ok';
      readonly manifest: Manifest;
      /** sha256 of manifest.json's bytes: which publication this is, exactly. */
      readonly manifestSha256: string;
      /** The model's bytes, checked against the manifest's size and sha256. */
      readonly bytes: Buffer;
    };

class Timeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Timeout()), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

async function readLimited(file: string, limit: number): Promise<Buffer> {
  const stat = await fsp.stat(file);
  if (stat.size > limit) throw Object.assign(new Error('too large'), { code: 'EFBIG' });
  return fsp.readFile(file);
}

/**
 * Reads the publication in force in `folder` and checks it: the manifest's signature with the data
 * officer's public key, then the model file's size and sha256. Never throws: every outcome is a reading
 * with a sentence. (Loading the model and its smoke call are the caller's, with the registry.)
 */
export async function readCurrent(
  folder: string,
  publicKey: KeyObject,
  timeoutMs = FOLDER_TIMEOUT_MS,
): Promise<FolderReading> {
  try {
    return await withTimeout(read(folder, publicKey), timeoutMs);
  } catch (error) {
    if (error instanceof Timeout) {
      return {
        kind: 'unreachable',
        message: `The shared folder ${folder} did not answer within ${timeoutMs / 1000} s.`,
      };
    }
    throw error;
  }
}

async function read(folder: string, publicKey: KeyObject): Promise<FolderReading> {
  try {
    const stat = await fsp.stat(folder);
    if (!stat.isDirectory())
      return { kind: 'unreachable', message: `The shared folder ${folder} is a file, not a folder.` };
  } catch (error) {
    return {
      kind: 'unreachable',
      message: `The shared folder ${folder} cannot be reached (${codeOf(error)}).`,
    };
  }
  let envelope: Buffer;
  try {
    envelope = await readLimited(manifestPath(folder), MAX_ENVELOPE_BYTES);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ENOENT')
      return { kind: 'nothing-published', message: `Nothing has been published to ${folder} yet.` };
    if (code === 'EFBIG')
      return refused(
        `The publication in ${folder} is refused: manifest.json is too large to be one.`,
        null,
        'manifest',
      );
    return { kind: 'unreachable', message: `The publication in ${folder} cannot be read (${code}).` };
  }
  const manifestSha256 = envelopeHash(envelope);
  let manifest: Manifest;
  try {
    manifest = openEnvelope(envelope, publicKey, 'its manifest');
  } catch (error) {
    if (error instanceof EnvelopeError)
      return refused(
        `The publication in ${folder} is refused: ${error.message}.`,
        manifestSha256,
        'manifest',
      );
    throw error;
  }
  const what = `model ${manifest.modelId} (publication ${manifest.sequence})`;
  let bytes: Buffer;
  try {
    bytes = await readLimited(publishedModelPath(folder, manifest.sha256), MAX_MODEL_BYTES);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ENOENT')
      return refused(
        `The publication of ${what} is refused: its model file is missing from the folder.`,
        manifestSha256,
      );
    if (code === 'EFBIG')
      return refused(
        `The publication of ${what} is refused: its model file is far too large.`,
        manifestSha256,
      );
    return { kind: 'unreachable', message: `The model file of ${what} cannot be read (${code}).` };
  }
  if (bytes.length !== manifest.size) {
    return refused(
      `The publication of ${what} is refused: its model file is ${bytes.length < manifest.size ? 'cut short' : 'too long'} ` +
        `(${bytes.length} of ${manifest.size} bytes).`,
      manifestSha256,
    );
  }
  const actual = crypto.createHash('sha256').update(bytes).digest('hex');
  if (actual !== manifest.sha256) {
    return refused(
      `The publication of ${what} is refused: its model file was altered (hash ${actual.slice(0, 12)}…, signed ${manifest.sha256.slice(0, 12)}…).`,
      manifestSha256,
    );
  }
  return { kind: 'ok', manifest, manifestSha256, bytes };
}

function refused(
  message: string,
  manifestSha256: string | null,
  stage: 'manifest' | 'model' = 'model',
): FolderReading {
  return { kind: 'refused', message, manifestSha256, stage };
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}

/** Every publication in the folder's journal that verifies, newest first, and a sentence per one that does not. */
export async function readJournal(
  folder: string,
  publicKey: KeyObject,
): Promise<{ publications: Publication[]; problems: string[] }> {
  const dir = publicationsDir(folder);
  let names: string[];
  try {
    names = await withTimeout(fsp.readdir(dir), FOLDER_TIMEOUT_MS);
  } catch {
    return { publications: [], problems: [] };
  }
  const publications: Publication[] = [];
  const problems: string[] = [];
  for (const name of names
    .filter((n) => sequenceOfJournalName(n) !== null)
    .sort()
    .reverse()) {
    try {
      const bytes = await withTimeout(
        readLimited(path.join(dir, name), MAX_ENVELOPE_BYTES),
        FOLDER_TIMEOUT_MS,
      );
      publications.push(toPublication(openEnvelope(bytes, publicKey, `publications/${name}`)));
    } catch (error) {
      problems.push(
        error instanceof EnvelopeError
          ? `${error.message}.`
          : `publications/${name} cannot be read (${error instanceof Timeout ? 'timed out' : codeOf(error)}).`,
      );
    }
  }
  publications.sort((a, b) => b.sequence - a.sequence || b.publishedAt.localeCompare(a.publishedAt));
  return { publications, problems };
}
