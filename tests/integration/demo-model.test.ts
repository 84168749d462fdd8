import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDemoModel } from '../../scripts/build-demo-model.js';
import { decodeMetadata } from '../../main/core/model/format.js';
import { readOnnxMetadata } from '../../main/core/onnx/index.js';
import { DEMO_MODEL_FILE, findResourcesDir } from '../../main/core/registry/manager.js';
import { sha256Hex } from '../../main/core/registry/store.js';

/**
 * The demo model a fresh install answers with must be exactly what `npm run build:demo-model` makes from
 * synthetic data: a stale or hand-edited file would answer with features the code no longer builds.
 */
describe('the bundled demo model', () => {
  const shipped = fs.readFileSync(path.join(findResourcesDir(), DEMO_MODEL_FILE));

  it('is labelled as a demo and was trained on synthetic data only', () => {
    const meta = decodeMetadata(readOnnxMetadata(shipped));
    expect(meta.demo).toBe(true);
    expect(meta.featureSpec.stations.length).toBeGreaterThan(90);
  });

  it('is rebuilt byte for byte by its script', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pump-eta-demo-test-')), DEMO_MODEL_FILE);
    try {
      const built = await buildDemoModel(out);
      expect(built.sha256).toBe(sha256Hex(shipped));
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  }, 240_000);
});
