import fs from 'node:fs';
import type { KeyObject } from 'node:crypto';
import type { FleetRole } from '../../../contract/fleet.js';
import { claimedManifest, KeyMismatchError, openEnvelope, type Manifest } from '../fleet/envelope.js';
import { readPublicKey } from '../fleet/keys.js';
import { manifestPath } from '../fleet/layout.js';
import { shortLondonTime } from './fleet-words.js';

/** Where the user guide explains rotating the signing key (the rotation sentences point there). */
export const ROTATION_GUIDE = 'user guide, "Rotating the key"';

/** Why a publication was refused before anything was written to the shared folder. */
export type PublishRefusal = 'not-in-service' | 'key-change';

/** A publication refused before anything was written; the message says what to do. */
export class PublishRefusedError extends Error {
  override name = 'PublishRefusedError';
  constructor(
    message: string,
    readonly refusal: PublishRefusal,
  ) {
    super(message);
  }
}

/** The folder's current manifest as a publisher sees it before publishing, read with its own key. */
export type FolderManifest =
  | { readonly kind: 'none' }
  | { readonly kind: 'ours'; readonly manifest: Manifest }
  | {
      readonly kind: 'other-key';
      /** What the manifest claims, unverified (null when it cannot even be parsed). */
      readonly claimed: Manifest | null;
      readonly fingerprint: string;
      readonly ownFingerprint: string;
    }
  /** Damaged, unsigned or altered: publishing replaces it, whoever's it was. */
  | { readonly kind: 'unusable' };

export function readFolderManifest(folder: string, publicKey: KeyObject): FolderManifest {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(manifestPath(folder));
  } catch {
    return { kind: 'none' };
  }
  try {
    return { kind: 'ours', manifest: openEnvelope(bytes, publicKey, 'manifest') };
  } catch (error) {
    if (error instanceof KeyMismatchError) {
      return {
        kind: 'other-key',
        claimed: claimedManifest(bytes),
        fingerprint: error.claimedFingerprint,
        ownFingerprint: error.expectedFingerprint,
      };
    }
    return { kind: 'unusable' };
  }
}

/**
 * Publishing now would be a key rotation: the folder's publication is signed by another key, and every
 * workstation still given that key's public half will refuse the new one.
 */
export function keyChangeSentence(
  found: Extract<FolderManifest, { kind: 'other-key' }>,
  privateKeyFile: string,
): string {
  const which = found.claimed
    ? ` (publication ${found.claimed.sequence}, model ${found.claimed.modelId})`
    : '';
  return (
    `The shared folder's current publication${which} is signed by key ${found.fingerprint}, not by this ` +
    `workstation's key ${found.ownFingerprint} (${privateKeyFile}), so workstations given the old public key ` +
    `will refuse what is published now: if this is a deliberate key rotation, confirm it ` +
    `(pump-eta publish --new-key) and give every workstation the new public key (${ROTATION_GUIDE}); ` +
    `if not, set the private key that signed the folder's publications.`
  );
}

/** `publish ID` for a model other than the champion: only the model in service is ever published. */
export function notInServiceSentence(id: string, championId: string): string {
  return (
    `Model ${id} is not the model in service here (model ${championId} is); ` +
    `promote it first with 'pump-eta promote ${id}', then publish.`
  );
}

/** The folder publishes another model than the one in service on the publishing workstation. */
export function behindSentence(published: Manifest, championId: string): string {
  return (
    `The control room follows model ${published.modelId} (published ${shortLondonTime(published.publishedAt)}); ` +
    `this workstation serves model ${championId}: publish it (pump-eta publish) or roll back.`
  );
}

/**
 * The folder's manifest is signed by another key and numbered below a publication this workstation
 * already verified: not a rotation, so nobody should be sent to change keys.
 */
export function notNewerForeignSentence(
  role: FleetRole,
  claimed: number,
  known: number,
  fingerprint: string,
): string {
  const what =
    `The folder's manifest claims publication ${claimed}, signed by another key (${fingerprint}), but ` +
    `publication ${known} was already verified here: it was copied or restored over the folder, not a key ` +
    `rotation — do not change keys.`;
  return role === 'publish'
    ? `${what} Publish again with this workstation's key to put the folder right (pump-eta publish --new-key; ` +
        `workstations holding this workstation's public key accept it).`
    : `${what} Tell the data officer, who should publish again; the model in service stays.`;
}

/** A follower's key does not verify the folder's publication (a rotation it has not been given, or a wrong file). */
export function notOurKeySentence(publicKeyFile: string | null, expected: string, claimed: string): string {
  return (
    `The folder's publication is not signed by the key in ${publicKeyFile ?? 'the settings'} ` +
    `(${expected}; it is signed by ${claimed}): ask the data officer for the current public key.`
  );
}

/** Promote and rollback on a follower would be undone by its next look at the folder: refused. */
export function followerPublishSentence(folder: string): string {
  return (
    `This workstation follows ${folder}: only the data officer's workstation publishes there ` +
    `(to publish from here, stop following first: Settings, or pump-eta settings --role off).`
  );
}

export function followerChangeSentence(folder: string): string {
  return (
    `This workstation follows ${folder}: promote or roll back on the data officer's workstation ` +
    `(to manage models here instead, stop following first: Settings, or pump-eta settings --role off).`
  );
}

/**
 * Before the data officer's public key is saved on a workstation: does it verify the folder's current
 * publication? Null when it does, or when there is none to verify yet; otherwise the sentence to show
 * (the workstation would refuse every publication and keep the model it serves). A file that is not an
 * Ed25519 public key throws (KeyFileError): it is never saved.
 */
export function publicKeyMismatch(folder: string, publicKeyFile: string): string | null {
  const found = readFolderManifest(folder, readPublicKey(publicKeyFile));
  if (found.kind !== 'other-key') return null;
  const which = found.claimed
    ? ` (publication ${found.claimed.sequence}, model ${found.claimed.modelId})`
    : '';
  return (
    `The public key in ${publicKeyFile} (key ${found.ownFingerprint}) does not verify the shared folder's ` +
    `current publication${which}, signed by key ${found.fingerprint}: this workstation would refuse it and ` +
    `keep the model it serves. Ask the data officer for the current public key (the .pub file).`
  );
}
