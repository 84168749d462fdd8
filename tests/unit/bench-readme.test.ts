/**
 * The README's benchmark table is what docs/bench/results.json says (scripts/bench-readme.ts writes it),
 * every row names a bench section that exists, and the raw output a row cites is committed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  readResults,
  README_FILE,
  renderBenchTable,
  TABLE_END,
  TABLE_START,
  withBenchTable,
} from '../../scripts/bench-readme.js';
import { REPO_ROOT } from '../fixtures/lfb-files.js';

describe("README's benchmark table", () => {
  const results = readResults();
  const readme = fs.readFileSync(README_FILE, 'utf8');

  it('is exactly the one npm run bench:readme writes from docs/bench/results.json', () => {
    expect(readme).toContain(TABLE_START);
    expect(readme).toContain(TABLE_END);
    expect(withBenchTable(readme, results)).toBe(readme);
  });

  it('would differ if a committed result changed', () => {
    const changed = {
      ...results,
      rows: results.rows.map((r, i) => (i === 0 ? { ...r, ours: `${r.ours}!` } : r)),
    };
    expect(withBenchTable(readme, changed)).not.toBe(readme);
    expect(renderBenchTable(changed).split('\n')[2]).toContain(`${results.rows[0]!.ours}!`);
  });

  it('names, for each row, a bench section that measures it and the raw output when it cites one', () => {
    const dir = path.join(REPO_ROOT, 'tests', 'bench', 'sections');
    const sections = new Set(
      fs
        .readdirSync(dir)
        .map(
          (f) =>
            /section: BenchSection = \{\s*name: '([^']+)'/.exec(
              fs.readFileSync(path.join(dir, f), 'utf8'),
            )?.[1],
        ),
    );
    for (const row of results.rows) {
      expect(sections, row.what).toContain(row.section);
      if (row.raw !== null) expect(fs.existsSync(path.join(REPO_ROOT, row.raw)), row.raw).toBe(true);
      if (row.kind === 'time') expect(row.measured.idle === null, row.what).toBe(false);
    }
  });
});
