import { describe, expect, it } from 'vitest';
import { Arena, HIST_FEATURE_STRIDE } from '../../../main/core/gbdt/arena.js';
import type { Kernels } from '../../../main/core/gbdt/kernel-call.js';
import { createWasmKernels } from '../../../main/core/gbdt/kernels.js';
import { createJsKernels } from '../../../main/core/gbdt/kernels-js.js';
import { assembleKernelModule } from '../../../main/core/gbdt/kernels-wasm.js';
import { Prng } from '../../../main/core/util/prng.js';
import { wasm } from '../../../main/core/gbdt/wasm.js';

/** An arena with random bins (feature f has f + 2 bins, plus missing), gradients and scores. */
function randomArena(n: number, numFeatures: number, seed: number): Arena {
  const rng = new Prng(seed);
  const arena = new Arena({ numRows: n, numFeatures, numSlots: 4 });
  const cols = Array.from({ length: numFeatures }, (_, f) =>
    Uint8Array.from({ length: n }, () => rng.nextInt(f + 3)),
  );
  arena.load(
    cols,
    Float32Array.from({ length: n }, () => rng.nextFloat() * 100),
    0,
  );
  const home = arena.buffers[0];
  for (let i = 0; i < n; i++) {
    home.grad[i] = rng.nextFloat() - 0.5;
    home.score[i] = i; // row identity, to follow rows through partitions
  }
  return arena;
}

function both(arena: Arena): Kernels[] {
  const wasm = createWasmKernels(arena);
  expect(wasm, 'wasm SIMD kernels should compile on Node 20').not.toBeNull();
  return [createJsKernels(arena), wasm!];
}

describe('kernel module', () => {
  it('assembles valid WebAssembly for several row widths', () => {
    for (const rowBytes of [4, 8, 16, 20, 36]) {
      expect(wasm.validate(assembleKernelModule(rowBytes))).toBe(true);
    }
  });
});

describe.each([3, 7, 20])('kernels with %i features', (numFeatures) => {
  it('histogram: wasm and JavaScript agree bit for bit with a naive count', () => {
    const n = 5000;
    const arena = randomArena(n, numFeatures, numFeatures);
    const [js, wasm] = both(arena);
    js!.run({ op: 'hist', buffer: 0, start: 100, end: n - 50, slot: 1 });
    wasm!.run({ op: 'hist', buffer: 0, start: 100, end: n - 50, slot: 2 });
    const h = arena.hist;
    const stride = arena.histStride;
    expect(h.subarray(2 * stride, 3 * stride)).toEqual(h.subarray(stride, 2 * stride));
    const home = arena.buffers[0];
    let wrong = 0;
    for (let f = 0; f < numFeatures; f++) {
      for (let b = 0; b < f + 3; b++) {
        let g = 0;
        let c = 0;
        for (let i = 100; i < n - 50; i++) {
          if (home.bins[i * arena.rowBytes + f] === b) {
            g += home.grad[i]!;
            c++;
          }
        }
        const at = stride + f * HIST_FEATURE_STRIDE + 2 * b;
        // Same rows, same order: the sums are bit-identical to a naive loop.
        if (h[at] !== g || h[at + 1] !== c) wrong++;
      }
    }
    expect(wrong).toBe(0);
  });

  it('partition: stable, left rows first, identical across kernels', () => {
    const n = 3000;
    const results = [0, 1].map((k) => {
      const arena = randomArena(n, numFeatures, 11);
      const kernels = both(arena)[k]!;
      const home = arena.buffers[0];
      const f = numFeatures - 1;
      const missing = f + 2; // treat the top bin as "missing" to exercise defaultLeft
      const goesLeft = (i: number): boolean => {
        const bin = home.bins[i * arena.rowBytes + f]!;
        return bin === missing ? true : bin <= 0;
      };
      let expectedLeft = 0;
      for (let i = 10; i < n - 10; i++) if (goesLeft(i)) expectedLeft++;
      const ids = Array.from({ length: n - 20 }, (_, j) => j + 10);
      const want = [...ids.filter(goesLeft), ...ids.filter((i) => !goesLeft(i))];
      const left = kernels.run({
        op: 'partition',
        from: 0,
        start: 10,
        end: n - 10,
        leftAt: 10,
        rightAt: 10 + expectedLeft,
        step: 1,
        feature: f,
        thresholdBin: 0,
        missingBin: missing,
        defaultLeft: true,
      });
      expect(left).toBe(expectedLeft);
      const out = arena.buffers[1];
      expect(Array.from(out.score.subarray(10, n - 10))).toEqual(want);
      let wrong = 0;
      for (let j = 0; j < want.length; j++) {
        const src = want[j]!;
        if (out.y[10 + j] !== home.y[src] || out.grad[10 + j] !== home.grad[src]) wrong++;
        for (let b = 0; b < arena.rowBytes; b++) {
          if (out.bins[(10 + j) * arena.rowBytes + b] !== home.bins[src * arena.rowBytes + b]) wrong++;
        }
      }
      expect(wrong).toBe(0);
      return Array.from(out.score.subarray(10, n - 10));
    });
    expect(results[1]).toEqual(results[0]);
  });

  it('partitionByMask moves masked rows first', () => {
    const n = 1000;
    const arena = randomArena(n, numFeatures, 2);
    for (const kernels of both(arena)) {
      for (let i = 0; i < n; i++) arena.mask[i] = i % 3 === 0 ? 1 : 0;
      const front = Math.ceil(n / 3);
      expect(kernels.run({ op: 'mask', from: 0, start: 0, end: n, leftAt: 0, rightAt: front, step: 1 })).toBe(
        front,
      );
      const moved = Array.from(arena.buffers[1].score);
      expect(moved.slice(0, front).every((id) => id % 3 === 0)).toBe(true);
      expect(moved.slice(front).every((id) => id % 3 !== 0)).toBe(true);
    }
  });

  it('partition can fill both ranges from their ends (step -1)', () => {
    const n = 600;
    for (const k of [0, 1]) {
      const arena = randomArena(n, numFeatures, 6);
      const kernels = both(arena)[k]!;
      for (let i = 0; i < n; i++) arena.mask[i] = i % 2;
      const left = kernels.run({
        op: 'mask',
        from: 0,
        start: 0,
        end: n,
        leftAt: n / 2 - 1,
        rightAt: n - 1,
        step: -1,
      });
      expect(left).toBe(n / 2);
      const moved = Array.from(arena.buffers[1].score);
      // Odd rows fill 0..n/2-1 backwards, even rows n/2..n-1 backwards.
      expect(moved.slice(0, n / 2)).toEqual(Array.from({ length: n / 2 }, (_, j) => n - 1 - 2 * j));
      expect(moved.slice(n / 2)).toEqual(Array.from({ length: n / 2 }, (_, j) => n - 2 - 2 * j));
    }
  });
});
