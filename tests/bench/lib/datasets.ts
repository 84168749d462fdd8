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

/** The generator's folder and the core's seeded generator it draws from. */
const GENERATOR_SOURCES = ['tools/synthetic', 'main/core/util/prng.ts'];

/** A fingerprint of the generator's source: a cached data set is reused only if the generator is unchanged. */
function generatorFingerprint(repoRoot: string): string {
  const hash = crypto.createHash('sha256');
  for (const source of GENERATOR_SOURCES) {
    const full = path.join(repoRoot, source);
    const files = fs.statSync(full).isDirectory()
      ? fs
          .readdirSync(full)
          .sort()
          .map((name) => path.join(full, name))
      : [full];
    for (const file of files) hash.update(path.relative(repoRoot, file)).update(fs.readFileSync(file));
  }
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
