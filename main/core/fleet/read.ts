import crypto, { type KeyObject } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Publication } from '../../../contract/fleet.js';
import {
  claimedManifest,
  EnvelopeError,
  envelopeHash,
  KeyMismatchError,
  MAX_ENVELOPE_BYTES,
  openEnvelope,
  toPublication,
  type Manifest,
} from './envelope.js';
import {
  MANIFEST_FILE,
  manifestPath,
  modelsDir,
  PUBLICATIONS_DIR,
  publicationsDir,
  publishedModelPath,
  sequenceOfJournalName,
} from './layout.js';

/** Published model files are named <sha256>.onnx. */
const MODEL_EXTENSION = '.onnx';

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
      /**
       * Refused for its manifest (signature, shape), for being signed by another key than the one
       * configured (a key rotation, or a stranger), or for its model file (missing, size, hash).
       */
      readonly stage: RefusalStage;
      /**
       * Stage 'key': the fingerprint the manifest claims and the one configured here, and the publication
       * number it claims (unverified; null when it says none).
       */
      readonly keys: {
        readonly claimed: string;
        readonly expected: string;
        readonly claimedSequence: number | null;
      } | null;
    }
  | {
      readonly kind: 'ok';
      readonly manifest: Manifest;
      /** sha256 of manifest.json's bytes: which publication this is, exactly. */
      readonly manifestSha256: string;
      /** The model's bytes, checked against the manifest's size and sha256. */
      readonly bytes: Buffer;
    };

export type RefusalStage = 'manifest' | 'key' | 'model';

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
    if (code === 'ENOENT') return withoutManifest(folder);
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
    if (error instanceof KeyMismatchError)
      return {
        ...refused(`The publication in ${folder} is refused: ${error.message}.`, manifestSha256, 'key'),
        keys: {
          claimed: error.claimedFingerprint,
          expected: error.expectedFingerprint,
          claimedSequence: claimedManifest(envelope)?.sequence ?? null,
        },
      };
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

/** The published files a folder holds (temp files of a publication under way, dot-prefixed, are not). */
async function publishedFiles(folder: string): Promise<{ journal: string[]; models: number }> {
  const list = async (dir: string) => {
    try {
      return (await fsp.readdir(dir)).filter((name) => !name.startsWith('.'));
    } catch {
      return [];
    }
  };
  const [journal, models] = await Promise.all([list(publicationsDir(folder)), list(modelsDir(folder))]);
  return {
    journal: journal.filter((name) => sequenceOfJournalName(name) !== null).sort(),
    models: models.filter((name) => name.endsWith(MODEL_EXTENSION)).length,
  };
}

/**
 * No manifest.json: an empty folder has nothing published yet; a folder that holds publications (the
 * journal, model files) lost its manifest — damaged, refused in one sentence that says what is there,
 * what is missing and who puts it right. The model in service stays.
 */
async function withoutManifest(folder: string): Promise<FolderReading> {
  const { journal, models } = await publishedFiles(folder);
  if (journal.length === 0 && models === 0)
    return { kind: 'nothing-published', message: `Nothing has been published to ${folder} yet.` };
  const newest = journal.at(-1);
  const held = [
    journal.length > 0
      ? `${plural(journal.length, 'publication')} (the newest ${PUBLICATIONS_DIR}/${newest})`
      : null,
    models > 0 ? plural(models, 'model file') : null,
  ]
    .filter((part) => part !== null)
    .join(' and ');
  return refused(
    `The shared folder ${folder} is damaged: it holds ${held}, but its ${MANIFEST_FILE}, which says ` +
      `which publication is in force, is missing; the data officer should publish again.`,
    null,
    'manifest',
  );
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

function refused(
  message: string,
  manifestSha256: string | null,
  stage: RefusalStage = 'model',
): Extract<FolderReading, { kind: 'refused' }> {
  return { kind: 'refused', message, manifestSha256, stage, keys: null };
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}

/** A journal entry signed by another key: what its record claims (unverified). */
export interface OtherKeyEntry {
  readonly sequence: number;
  readonly modelId: string;
  readonly publishedAt: string;
  readonly keyFingerprint: string;
}

/**
 * Every publication in the folder's journal that verifies, newest first; the entries signed by another
 * key (earlier publications, before a key rotation), as they claim to be; and a sentence per entry that
 * is damaged or altered.
 */
export async function readJournal(
  folder: string,
  publicKey: KeyObject,
): Promise<{ publications: Publication[]; otherKey: OtherKeyEntry[]; problems: string[] }> {
  const dir = publicationsDir(folder);
  let names: string[];
  try {
    names = await withTimeout(fsp.readdir(dir), FOLDER_TIMEOUT_MS);
  } catch {
    return { publications: [], otherKey: [], problems: [] };
  }
  const publications: Publication[] = [];
  const otherKey: OtherKeyEntry[] = [];
  const problems: string[] = [];
  for (const name of names
    .filter((n) => sequenceOfJournalName(n) !== null)
    .sort()
    .reverse()) {
    let bytes: Buffer;
    try {
      bytes = await withTimeout(readLimited(path.join(dir, name), MAX_ENVELOPE_BYTES), FOLDER_TIMEOUT_MS);
    } catch (error) {
      problems.push(
        `publications/${name} cannot be read (${error instanceof Timeout ? 'timed out' : codeOf(error)}).`,
      );
      continue;
    }
    try {
      publications.push(toPublication(openEnvelope(bytes, publicKey, `publications/${name}`)));
    } catch (error) {
      const claimed = error instanceof KeyMismatchError ? claimedManifest(bytes) : null;
      if (claimed) {
        otherKey.push({
          sequence: claimed.sequence,
          modelId: claimed.modelId,
          publishedAt: claimed.publishedAt,
          keyFingerprint: claimed.keyFingerprint,
        });
      } else
        problems.push(
          error instanceof EnvelopeError
            ? `${error.message}.`
            : `publications/${name} cannot be read (${codeOf(error)}).`,
        );
    }
  }
  publications.sort((a, b) => b.sequence - a.sequence || b.publishedAt.localeCompare(a.publishedAt));
  otherKey.sort((a, b) => b.sequence - a.sequence);
  return { publications, otherKey, problems };
}
