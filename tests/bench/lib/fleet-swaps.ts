import fs from 'node:fs';
import path from 'node:path';
import { Fleet } from '../../../main/core/app/fleet.js';
import type { Db } from '../../../main/core/db/index.js';
import { MANIFEST_VERSION, sealManifest } from '../../../main/core/fleet/envelope.js';
import { createKeyPair, keyFingerprint, readPrivateKey } from '../../../main/core/fleet/keys.js';
import { manifestPath, publishedModelPath } from '../../../main/core/fleet/layout.js';
import { publishToFolder } from '../../../main/core/fleet/publish.js';
import type { ModelManager } from '../../../main/core/registry/manager.js';
import { sha256Hex } from '../../../main/core/registry/store.js';

/**
 * A follower swapping models while it answers. The data officer's side is prepared before the window:
 * both models in the shared folder and a signed manifest per publication, alternating between them;
 * each swap is then the publisher's last step only, one rename of the next manifest into place (the
 * work the publisher's machine does costs the follower nothing). The follower is the app's own Fleet,
 * watching the folder: the rename's watch event, the debounce, reading and verifying the publication,
 * loading the model with its smoke call, registering it and the swap between two answers all happen in
 * the process that answers, as in the app.
 */
export interface SwapPlan {
  readonly folder: string;
  readonly publicKeyFile: string;
  /** Sealed manifests for publications 2, 3, …, renamed into place one per swap. */
  readonly pending: string[];
  readonly modelIds: readonly [string, string];
}

export function prepareSwaps(
  dir: string,
  models: readonly [Uint8Array, Uint8Array],
  count: number,
): SwapPlan {
  const folder = path.join(dir, 'share');
  fs.mkdirSync(folder, { recursive: true });
  const keys = createKeyPair(path.join(dir, 'keys', 'officer'));
  const key = readPrivateKey(keys.privateKeyFile);
  const ids = models.map((m) => sha256Hex(m).slice(0, 12)) as [string, string];
  const base = {
    modelId: ids[0],
    previousModelId: null,
    trainedFrom: null,
    trainedTo: null,
    metrics: {},
    publishedBy: 'the load bench',
    user: 'bench',
    reason: 'manual' as const,
  };
  // Publication 1 (model A) the normal way: the models folder, the journal, the manifest.
  publishToFolder(folder, { ...base, bytes: models[0] }, key);
  publishToFolder(folder, { ...base, modelId: ids[1], bytes: models[1] }, key);
  fs.copyFileSync(
    path.join(folder, 'publications', fs.readdirSync(path.join(folder, 'publications')).sort()[0]!),
    manifestPath(folder),
  );
  const pending: string[] = [];
  for (let i = 0; i < count; i++) {
    const which = (i + 1) % 2;
    const bytes = models[which]!;
    const sha256 = sha256Hex(bytes);
    if (!fs.existsSync(publishedModelPath(folder, sha256)))
      throw new Error('model file missing from the share');
    const file = path.join(folder, `.pending-${i}.json`);
    fs.writeFileSync(
      file,
      sealManifest(
        {
          version: MANIFEST_VERSION,
          sequence: 3 + i,
          modelId: ids[which]!,
          sha256,
          size: bytes.length,
          publishedAt: new Date().toISOString(),
          publishedBy: 'the load bench',
          user: 'bench',
          previousModelId: ids[1 - which]!,
          trainedFrom: null,
          trainedTo: null,
          metrics: {},
          reason: 'manual',
          keyFingerprint: keyFingerprint(key),
        },
        key,
      ),
    );
    pending.push(file);
  }
  return { folder, publicKeyFile: keys.publicKeyFile, pending, modelIds: ids };
}

/** The follower, watching the plan's folder; resolves once it serves publication 1 (model A). */
export async function startFollower(
  db: Db,
  manager: ModelManager,
  dataDir: string,
  plan: SwapPlan,
): Promise<{
  fleet: Fleet;
  swaps: () => number;
  refusals: () => string[];
}> {
  const fleet = new Fleet({
    db,
    manager,
    dataDir,
    mode: 'watch',
    overrides: { role: 'follow', folder: plan.folder, publicKeyFile: plan.publicKeyFile, checkMinutes: 60 },
  });
  let swaps = 0;
  const refusals: string[] = [];
  fleet.onEvent(({ status }) => {
    if (status.outcome === 'updated') swaps++;
    if (status.outcome === 'refused' || status.outcome === 'unreachable') refusals.push(status.message);
  });
  fleet.start();
  const status = await fleet.syncNow();
  if (manager.service.model.id !== plan.modelIds[0])
    throw new Error(`the follower did not take model A: ${status.message}`);
  swaps = 0;
  return { fleet, swaps: () => swaps, refusals: () => refusals };
}

/** The publisher's last step for the next publication. */
export function publishNext(plan: SwapPlan): boolean {
  const next = plan.pending.shift();
  if (!next) return false;
  fs.renameSync(next, manifestPath(plan.folder));
  return true;
}
