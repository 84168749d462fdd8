import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  generateSynthetic,
  type GenerateResult,
  type SyntheticFormat,
} from '../../../tools/synthetic/index.js';
import type { BenchContext } from './types.js';

const DONE_FILE = 'result.json';

/** A fingerprint of the generator's source: a cached data set is reused only if the generator is unchanged. */
function generatorFingerprint(repoRoot: string): string {
  const dir = path.join(repoRoot, 'main/core/synthetic');
  const hash = crypto.createHash('sha256');
  for (const name of fs.readdirSync(dir).sort())
    hash.update(name).update(fs.readFileSync(path.join(dir, name)));
  return hash.digest('hex').slice(0, 12);
}

export function datasetDir(ctx: BenchContext, mobilisations: number, format: SyntheticFormat): string {
  const key = `synthetic-${generatorFingerprint(ctx.repoRoot)}-seed-${ctx.seed}-${mobilisations}-${format}`;
  return path.join(ctx.cacheDir, key);
}

export function cachedDataset(dir: string): GenerateResult | null {
  const done = path.join(dir, DONE_FILE);
  if (!fs.existsSync(done)) return null;
  const result = JSON.parse(fs.readFileSync(done, 'utf8')) as GenerateResult;
  return fs.existsSync(result.mobilisationsFile) ? result : null;
}

/** Marks a generated folder complete, so an interrupted generation is never mistaken for a cache hit. */
export function markDataset(dir: string, result: GenerateResult): void {
  fs.writeFileSync(path.join(dir, DONE_FILE), JSON.stringify(result, null, 2));
}

/** The synthetic data set of this size and format, generated once and then reused from the cache. */
export async function syntheticDataset(
  ctx: BenchContext,
  mobilisations: number,
  format: SyntheticFormat,
): Promise<GenerateResult> {
  const dir = datasetDir(ctx, mobilisations, format);
  const cached = cachedDataset(dir);
  if (cached) return cached;
  fs.rmSync(dir, { recursive: true, force: true });
  ctx.log(
    `generating ${mobilisations.toLocaleString('en-GB')} synthetic mobilisations as ${format} (cached in ${dir})`,
  );
  const result = await generateSynthetic({ outDir: dir, mobilisations, format, seed: ctx.seed });
  markDataset(dir, result);
  return result;
}
