/**
 * Featurisation throughput: `npx tsx tests/bench/features.ts [rows]` (default 1,000,000). Rows go
 * through the columnar `CallInputTable`, as the training dataset does.
 */
import { buildFeatureColumns } from '../../main/core/features/build.js';
import { fitFeatureSpec } from '../../main/core/features/fit.js';
import { CallInputTable } from '../../main/core/features/inputTable.js';
import { SCHOOL, STATIONS, syntheticRows } from '../unit/features/helpers.js';

const ROUNDS = 3;

export function benchFeatures(rows: number): { rows: number; bestMs: number; medianMs: number } {
  const table = new CallInputTable();
  const target: number[] = [];
  // Generated in chunks so the bench does not hold a million input objects at once.
  const CHUNK = 100_000;
  for (let done = 0; done < rows; done += CHUNK) {
    const chunk = syntheticRows(Math.min(CHUNK, rows - done), 1 + done);
    for (const input of chunk.inputs) table.push(input);
    target.push(...chunk.target);
  }
  const spec = fitFeatureSpec(table, target, { stations: STATIONS, schoolHolidays: SCHOOL });
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const started = performance.now();
    buildFeatureColumns(spec, table);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { rows, bestMs: times[0] as number, medianMs: times[Math.floor(ROUNDS / 2)] as number };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const r = benchFeatures(rows);
  console.log(
    `features: ${r.rows.toLocaleString('en-GB')} rows, best ${r.bestMs.toFixed(0)} ms, median ${r.medianMs.toFixed(0)} ms`,
  );
}
