import { afterEach, describe, expect, it } from 'vitest';
import { Arena } from '../../../main/core/gbdt/arena.js';
import { createKernels } from '../../../main/core/gbdt/kernels.js';
import { HALVES_MIN_ROWS, Helper, RowOps } from '../../../main/core/gbdt/parallel.js';
import { Prng } from '../../../main/core/util/prng.js';

const N = 2 * HALVES_MIN_ROWS + 123;
const open: RowOps[] = [];
afterEach(() => open.splice(0).forEach((r) => r.close()));

function setup(withHelper: boolean): { arena: Arena; rows: RowOps } {
  const rng = new Prng(21);
  const arena = new Arena({ numRows: N, numFeatures: 6, numSlots: 2 });
  const cols = Array.from({ length: 6 }, () => Uint8Array.from({ length: N }, () => rng.nextInt(30)));
  arena.load(cols, new Float32Array(N), 0);
  const home = arena.buffers[0];
  for (let i = 0; i < N; i++) {
    home.grad[i] = rng.nextFloat() - 0.5;
    home.score[i] = i;
  }
  const kernels = createKernels(arena);
  let helper: Helper | null = null;
  if (withHelper) {
    helper = Helper.start(arena, kernels);
    expect(helper, 'shared wasm memory and worker threads are available on Node 20').not.toBeNull();
    const deadline = Date.now() + 20_000;
    while (!helper!.ready() && Date.now() < deadline) {
      // The helper boots on its own thread; nothing here needs the event loop.
    }
    expect(helper!.ready()).toBe(true);
  }
  const rows = new RowOps(arena, kernels, helper);
  open.push(rows);
  return { arena, rows };
}

describe('RowOps', () => {
  it('builds the same histogram with and without the helper thread', () => {
    const results = [false, true].map((withHelper) => {
      const { arena, rows } = setup(withHelper);
      expect(rows.threads).toBe(withHelper ? 2 : 1);
      rows.buildHistogram(0, 7, N, 0);
      return Array.from(arena.hist.subarray(0, arena.histStride));
    });
    expect(results[1]).toEqual(results[0]);
    // Every row counted once per feature.
    const counts = results[0]!.filter((_, i) => i % 2 === 1 && i < 528).reduce((a, b) => a + b, 0);
    expect(counts).toBe(N - 7);
  });

  it('partitions in halves from both ends, the same with and without the helper', () => {
    const orders = [false, true].map((withHelper) => {
      const { arena, rows } = setup(withHelper);
      const home = arena.buffers[0];
      const goesLeft = (i: number) => home.bins[i * arena.rowBytes + 2]! <= 11;
      let expected = 0;
      for (let i = 0; i < N; i++) if (goesLeft(i)) expected++;
      expect(rows.partition(0, 0, N, expected, 2, 11, 30, false)).toBe(expected);
      const ids = Array.from(arena.buffers[1].score);
      expect(ids.slice(0, expected).every((id) => goesLeft(id))).toBe(true);
      expect(ids.slice(expected).every((id) => !goesLeft(id))).toBe(true);
      expect(new Set(ids).size).toBe(N);
      return ids;
    });
    expect(orders[1]).toEqual(orders[0]);
  });
});
