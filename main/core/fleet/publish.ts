import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import type { Publication, PublicationReason } from '../../../contract/fleet.js';
import { writeFileAtomic } from '../util/atomic-file.js';
import { claimedSequence, sealManifest, toPublication, type Manifest, MANIFEST_VERSION } from './envelope.js';
import { keyFingerprint } from './keys.js';
import {
  journalName,
  manifestPath,
  modelsDir,
  publicationsDir,
  publishedModelPath,
  sequenceOfJournalName,
} from './layout.js';

/** The model being published, as the publisher's registry knows it. */
export interface PublishInput {
  readonly modelId: string;
  readonly bytes: Uint8Array;
  readonly previousModelId: string | null;
  readonly trainedFrom: string | null;
  readonly trainedTo: string | null;
  readonly metrics: Readonly<Record<string, number>>;
  readonly publishedBy: string;
  readonly user: string;
  readonly reason: PublicationReason;
  readonly now?: Date;
}

/** A publication that could not be written; the message names the folder and what to do. */
export class PublishError extends Error {
  override name = 'PublishError';
}

/** The shared folder must exist already: creating a missing mapped drive's path would hide the mistake. */
export function checkFolder(folder: string, field = 'The shared folder'): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PublishError(
      code === 'ENOENT'
        ? `${field} ${folder} does not exist or is not reachable: check the path (a mapped drive must be connected)`
        : `${field} ${folder} cannot be reached (${code ?? 'error'}): check the path and the network`,
    );
  }
  if (!stat.isDirectory()) throw new PublishError(`${field} ${folder} is a file, not a folder`);
}

/** The highest sequence anyone wrote to the folder (verified or not): the next one goes above it. */
function highestSequence(folder: string): number {
  let highest = 0;
  try {
    highest = claimedSequence(fs.readFileSync(manifestPath(folder)));
  } catch {
    /* no manifest yet */
  }
  let names: string[] = [];
  try {
    names = fs.readdirSync(publicationsDir(folder));
  } catch {
    /* no journal yet */
  }
  for (const name of names) highest = Math.max(highest, sequenceOfJournalName(name) ?? 0);
  return highest;
}

/**
 * Publishes a model to the shared folder: the model file (content-addressed, skipped if already there
 * and whole), its journal entry, then manifest.json by one rename. A process killed at any point leaves
 * the previous manifest in force or the new one, never a manifest naming a model that is not whole.
 * Two publishers at once: each manifest is replaced whole by one rename; the last one stands.
 */
export function publishToFolder(folder: string, input: PublishInput, privateKey: KeyObject): Publication {
  checkFolder(folder);
  const sha256 = crypto.createHash('sha256').update(input.bytes).digest('hex');
  try {
    fs.mkdirSync(modelsDir(folder), { recursive: true });
    fs.mkdirSync(publicationsDir(folder), { recursive: true });
    const modelFile = publishedModelPath(folder, sha256);
    if (!isWhole(modelFile, sha256)) writeFileAtomic(modelFile, input.bytes);
    const manifest: Manifest = {
      version: MANIFEST_VERSION,
      sequence: highestSequence(folder) + 1,
      modelId: input.modelId,
      sha256,
      size: input.bytes.length,
      publishedAt: (input.now ?? new Date()).toISOString(),
      publishedBy: input.publishedBy,
      user: input.user,
      previousModelId: input.previousModelId,
      trainedFrom: input.trainedFrom,
      trainedTo: input.trainedTo,
      metrics: { ...input.metrics },
      reason: input.reason,
      keyFingerprint: keyFingerprint(privateKey),
    };
    const sealed = sealManifest(manifest, privateKey);
    writeFileAtomic(`${publicationsDir(folder)}/${journalName(manifest.sequence, manifest.modelId)}`, sealed);
    writeFileAtomic(manifestPath(folder), sealed);
    return toPublication(manifest);
  } catch (error) {
    if (error instanceof PublishError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new PublishError(
      `The model could not be written to the shared folder ${folder} (${code}): ` +
        `${code === 'EACCES' || code === 'EPERM' ? 'this account may not write there; ask for write access' : 'check the share and try again'}. ` +
        `Workstations keep the model they have.`,
      { cause: error },
    );
  }
}

function isWhole(file: string, sha256: string): boolean {
  try {
    return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') === sha256;
  } catch {
    return false;
  }
}
