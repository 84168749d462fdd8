/**
 * Bench child: generates a synthetic data set in this fresh process and prints one JSON line with the
 * wall time and peak resident memory. Usage: node --import tsx synth-child.ts OUT_DIR N FORMAT SEED
 */
import { generateSynthetic, type SyntheticFormat } from '../../../tools/synthetic/index.js';

const [outDir, n, format, seed] = process.argv.slice(2);
if (!outDir || !n || !format || seed === undefined)
  throw new Error('usage: synth-child.ts OUT_DIR N FORMAT SEED');
const started = performance.now();
const result = await generateSynthetic({
  outDir,
  mobilisations: Number(n),
  format: format as SyntheticFormat,
  seed,
});
const wallMs = performance.now() - started;
process.stdout.write(JSON.stringify({ wallMs, maxRssKb: process.resourceUsage().maxRSS, result }) + '\n');
