/**
 * Bench child: trains our GBDT on the .npy rows in DIR in this fresh process (so its peak memory is
 * its own) and prints one JSON line: training wall and CPU time, peak RSS, test metrics.
 * Usage: node --import tsx gbdt-train-child.ts DIR PARAMS_JSON [THREADS]
 */
import path from 'node:path';
import { trainGbdt, type Dataset, type TrainParams } from '../../../main/core/gbdt/index.js';
import { GBDT_BENCH_FEATURES, readNpyFloat32 } from '../lib/gbdt-data.js';
import { regressionMetrics } from '../lib/gbdt-metrics.js';

const [dir, paramsJson, threadsArg] = process.argv.slice(2);
if (!dir || !paramsJson) throw new Error('usage: gbdt-train-child.ts DIR PARAMS_JSON [THREADS]');
const params = JSON.parse(paramsJson) as TrainParams;
const threads = threadsArg === undefined ? undefined : Number(threadsArg);

function load(name: 'train' | 'test'): { data: Dataset; y: Float32Array } {
  const x = readNpyFloat32(path.join(dir!, `X_${name}.npy`));
  const y = readNpyFloat32(path.join(dir!, `y_${name}.npy`)).data;
  const [n, f] = x.shape as [number, number];
  const columns = Array.from({ length: f }, () => new Float32Array(n));
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) columns[j]![i] = x.data[i * f + j]!;
  return { data: { numRows: n, numFeatures: f, columns, featureNames: [...GBDT_BENCH_FEATURES] }, y };
}

const train = load('train');
const test = load('test');
const cpu0 = process.cpuUsage();
const started = performance.now();
const model = trainGbdt(train.data, train.y, params, threads === undefined ? {} : { threads });
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpu0);
const pred = model.predict(test.data.columns, test.data.numRows);
process.stdout.write(
  JSON.stringify({
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssKb: process.resourceUsage().maxRSS,
    trees: model.trees.length,
    ...regressionMetrics(test.y, pred, params.alpha ?? 0.5),
  }) + '\n',
);
