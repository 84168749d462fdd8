import fs from 'node:fs';
import path from 'node:path';
import { Prng } from '../../../main/core/util/prng.js';
import type { BenchContext } from './types.js';

/**
 * Rows for the training benchmark: 20 attendance-time-like features (distance, station code, hour,
 * pump order, weather with missing values, a few pure-noise columns) and a target built from them
 * with nonlinear effects, interactions and right-skewed noise. Independent of the app's synthetic
 * LFB generator on purpose: this measures the learner, not the feature pipeline.
 * Stored as .npy (float32, C order) so LightGBM in Python reads exactly the same values.
 */
export const GBDT_BENCH_FEATURES = [
  'distance_km',
  'station',
  'own_ground',
  'hour',
  'weekday',
  'month',
  'pump_order',
  'property_category',
  'borough',
  'easting',
  'northing',
  'bank_holiday',
  'school_holiday',
  'temperature',
  'rain_mm',
  'incident_group',
  'from_home',
  'noise_uniform',
  'noise_normal',
  'noise_code',
] as const;
const F = GBDT_BENCH_FEATURES.length;
/** Bumped whenever the generator changes, so stale cached files are never reused. */
const GENERATOR_VERSION = 1;

export interface GbdtBenchFiles {
  dir: string;
  trainRows: number;
  testRows: number;
}

export function gbdtBenchData(ctx: BenchContext, trainRows: number, testRows: number): GbdtBenchFiles {
  const dir = path.join(ctx.cacheDir, `gbdt-v${GENERATOR_VERSION}-seed-${ctx.seed}-${trainRows}-${testRows}`);
  const done = path.join(dir, 'done');
  if (!fs.existsSync(done)) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    ctx.log(
      `generating ${trainRows.toLocaleString('en-GB')} + ${testRows.toLocaleString('en-GB')} rows (cached in ${dir})`,
    );
    const seed = [...ctx.seed].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);
    const rng = new Prng(seed);
    const effects = {
      station: Array.from({ length: 110 }, () => 25 * gaussian(rng)),
      property: Array.from({ length: 10 }, () => 15 * gaussian(rng)),
    };
    for (const [name, n] of [
      ['train', trainRows],
      ['test', testRows],
    ] as const) {
      const { x, y } = generate(rng, effects, n);
      writeNpy(path.join(dir, `X_${name}.npy`), x, [n, F]);
      writeNpy(path.join(dir, `y_${name}.npy`), y, [n]);
    }
    fs.writeFileSync(done, '');
  }
  return { dir, trainRows, testRows };
}

function gaussian(rng: Prng): number {
  const u = 1 - rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
}

function generate(
  rng: Prng,
  effects: { station: number[]; property: number[] },
  n: number,
): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(n * F);
  const y = new Float32Array(n);
  const exp = () => -Math.log(1 - rng.nextFloat());
  for (let i = 0; i < n; i++) {
    const distance = 1.3 * (exp() + exp());
    const station = rng.nextInt(110);
    const own = rng.nextFloat() < 0.7 ? 1 : 0;
    const hour = rng.nextInt(24);
    const weekday = rng.nextInt(7);
    const month = 1 + rng.nextInt(12);
    const order = 1 + Math.min(3, Math.floor(exp()));
    const property = rng.nextInt(10);
    const borough = rng.nextInt(33);
    const easting = Math.round(530_000 + 12_000 * gaussian(rng));
    const northing = Math.round(180_000 + 9_000 * gaussian(rng));
    const bank = rng.nextFloat() < 0.03 ? 1 : 0;
    const school = rng.nextFloat() < 0.2 ? 1 : 0;
    const temperature = rng.nextFloat() < 0.2 ? NaN : Math.round(10 * (12 + 6 * gaussian(rng))) / 10;
    const rain = rng.nextFloat() < 0.3 ? NaN : Math.round(10 * exp() * exp()) / 10;
    const group = rng.nextInt(3);
    const home = rng.nextFloat() < 0.9 ? 1 : 0;
    const row = [
      distance,
      station,
      own,
      hour,
      weekday,
      month,
      order,
      property,
      borough,
      easting,
      northing,
      bank,
      school,
      temperature,
      rain,
      group,
      home,
      rng.nextFloat(),
      gaussian(rng),
      rng.nextInt(1000),
    ];
    for (let f = 0; f < F; f++) x[i * F + f] = row[f]!;
    const signal =
      140 +
      95 * distance ** 0.75 +
      effects.station[station]! +
      25 * (1 - own) +
      18 * Math.sin((2 * Math.PI * (hour - 3)) / 24) +
      (weekday >= 4 && weekday <= 5 ? 12 : 0) +
      35 * (order - 1) * (1 + 0.3 * distance) +
      effects.property[property]! +
      (Number.isNaN(rain) ? 0 : 8 * Math.min(rain, 10)) +
      (Number.isNaN(temperature) ? 5 : temperature < 0 ? 20 : 0) -
      10 * home +
      (bank === 1 && hour >= 18 ? 15 : 0) +
      6 * group;
    const noise = 55 * (exp() - 1) + 20 * gaussian(rng);
    y[i] = Math.min(2000, Math.max(30, Math.round(signal + noise)));
  }
  return { x, y };
}

function writeNpy(file: string, data: Float32Array, shape: number[]): void {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  // Magic (6) + version (2) + length (2) + header, padded with spaces to a multiple of 64, ending in \n.
  const unpadded = 10 + dict.length + 1;
  const header = dict + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  fs.writeFileSync(
    file,
    Buffer.concat([
      head,
      Buffer.from(header, 'latin1'),
      Buffer.from(data.buffer, data.byteOffset, data.byteLength),
    ]),
  );
}

/** Reads a float32 C-order .npy written by `writeNpy` (or numpy). */
export function readNpyFloat32(file: string): { data: Float32Array; shape: number[] } {
  const buf = fs.readFileSync(file);
  if (buf.toString('latin1', 0, 6) !== '\x93NUMPY') throw new Error(`${file} is not a .npy file`);
  const headerLen = buf.readUInt16LE(8);
  const header = buf.toString('latin1', 10, 10 + headerLen);
  if (!header.includes("'<f4'") || header.includes("'fortran_order': True")) {
    throw new Error(`${file}: expected little-endian float32 in C order`);
  }
  const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const start = 10 + headerLen;
  const count = shape.reduce((a, b) => a * b, 1);
  // Copy into a fresh, aligned buffer (the file buffer's offset need not be a multiple of 4).
  const data = new Float32Array(count);
  new Uint8Array(data.buffer).set(buf.subarray(start, start + count * 4));
  return { data, shape };
}
