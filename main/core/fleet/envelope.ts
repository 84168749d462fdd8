import crypto, { type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { PUBLICATION_REASONS, type Publication } from '../../../contract/fleet.js';
import { keyFingerprint, signBytes, verifyBytes } from './keys.js';

/** What a manifest file says it is; anything else in manifest.json is not ours. */
export const ENVELOPE_FORMAT = 'pump-eta-publication';
export const MANIFEST_VERSION = 1;
/** A manifest is about a kilobyte; refuse to parse anything far larger. */
export const MAX_ENVELOPE_BYTES = 256 * 1024;

const hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`));

/** The signed part: the model (by hash and size), where it came from, and its place in the sequence. */
export const ManifestSchema = z.strictObject({
  version: z.literal(MANIFEST_VERSION),
  sequence: z.number().int().min(1),
  modelId: z.string().regex(/^[0-9a-f]{12}$/),
  sha256: hex(64),
  size: z.number().int().min(1),
  publishedAt: z.iso.datetime(),
  publishedBy: z.string().min(1).max(200),
  user: z.string().max(200),
  previousModelId: z.string().max(64).nullable(),
  trainedFrom: z.string().max(40).nullable(),
  trainedTo: z.string().max(40).nullable(),
  metrics: z.record(z.string(), z.number()),
  reason: z.enum(PUBLICATION_REASONS),
  keyFingerprint: hex(16),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/**
 * One file holds the manifest and its signature, so that one rename replaces both: a reader can never
 * pair a manifest with another one's signature. The manifest is kept as the exact string signed.
 */
const EnvelopeSchema = z.strictObject({
  format: z.literal(ENVELOPE_FORMAT),
  manifest: z.string().min(2).max(MAX_ENVELOPE_BYTES),
  signature: z.string().max(200).optional(),
});

export function sealManifest(manifest: Manifest, privateKey: KeyObject): string {
  const text = JSON.stringify(manifest);
  const signature = signBytes(Buffer.from(text, 'utf8'), privateKey).toString('base64');
  return JSON.stringify({ format: ENVELOPE_FORMAT, manifest: text, signature }, null, 2) + '\n';
}

/** Why an envelope was not accepted, in words for the person at the screen. */
export class EnvelopeError extends Error {
  override name = 'EnvelopeError';
}

/**
 * A signed envelope whose manifest names another key than the one it was checked with: a key rotation
 * (or a stranger's publication), not damage. Carries both fingerprints so callers can say which.
 */
export class KeyMismatchError extends EnvelopeError {
  override name = 'KeyMismatchError';
  constructor(
    message: string,
    readonly claimedFingerprint: string,
    readonly expectedFingerprint: string,
  ) {
    super(message);
  }
}

/**
 * Opens an envelope: parses it, checks the signature with `publicKey` and the manifest's shape. Throws
 * an EnvelopeError saying which check failed. `what` names the file in the message.
 */
export function openEnvelope(bytes: Buffer, publicKey: KeyObject, what: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new EnvelopeError(`${what} is damaged or cut short (it is not whole JSON)`);
  }
  const envelope = EnvelopeSchema.safeParse(raw);
  if (!envelope.success) throw new EnvelopeError(`${what} is not a Pump ETA publication`);
  const { manifest: text, signature } = envelope.data;
  if (!signature) throw new EnvelopeError(`${what} is not signed`);
  const expected = keyFingerprint(publicKey);
  if (!verifyBytes(Buffer.from(text, 'utf8'), Buffer.from(signature, 'base64'), publicKey)) {
    const claimed = claimedFingerprint(text);
    if (claimed && claimed !== expected) {
      throw new KeyMismatchError(
        `${what} is signed by another key (${claimed}), not the data officer's key configured here (${expected})`,
        claimed,
        expected,
      );
    }
    throw new EnvelopeError(
      `${what} has a signature that does not match its contents (altered after signing, or signed by another key)`,
    );
  }
  let parsedText: unknown;
  try {
    parsedText = JSON.parse(text);
  } catch {
    throw new EnvelopeError(`${what} is signed but its manifest is not JSON`);
  }
  const manifest = ManifestSchema.safeParse(parsedText);
  if (!manifest.success)
    throw new EnvelopeError(`${what} is signed but its manifest is not one this version reads`);
  return manifest.data;
}

/** The sequence an envelope claims, unverified: only to number the next publication above it. */
export function claimedSequence(bytes: Buffer): number {
  try {
    const envelope = JSON.parse(bytes.toString('utf8')) as { manifest?: unknown };
    const manifest = JSON.parse(String(envelope.manifest)) as { sequence?: unknown };
    return typeof manifest.sequence === 'number' && Number.isSafeInteger(manifest.sequence)
      ? manifest.sequence
      : 0;
  } catch {
    return 0;
  }
}

/** What an envelope's manifest claims, unverified: to list a publication signed by another key. */
export function claimedManifest(bytes: Buffer): Manifest | null {
  try {
    const envelope = JSON.parse(bytes.toString('utf8')) as { manifest?: unknown };
    const parsed = ManifestSchema.safeParse(JSON.parse(String(envelope.manifest)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function claimedFingerprint(text: string): string | null {
  try {
    const fp = (JSON.parse(text) as { keyFingerprint?: unknown }).keyFingerprint;
    return typeof fp === 'string' ? fp : null;
  } catch {
    return null;
  }
}

export function envelopeHash(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

export function toPublication(m: Manifest): Publication {
  return {
    modelId: m.modelId,
    sha256: m.sha256,
    publishedAt: m.publishedAt,
    publishedBy: m.publishedBy,
    user: m.user,
    previousModelId: m.previousModelId,
    trainedFrom: m.trainedFrom,
    trainedTo: m.trainedTo,
    metrics: m.metrics,
    keyFingerprint: m.keyFingerprint,
    sequence: m.sequence,
    reason: m.reason,
  };
}
