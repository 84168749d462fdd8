import { describe, expect, it } from 'vitest';
import { Arena } from '../../../main/core/gbdt/arena.js';
import { featureBinning } from '../../../main/core/gbdt/binning.js';
import { createKernels } from '../../../main/core/gbdt/kernels.js';
import { RowOps } from '../../../main/core/gbdt/parallel.js';
import { Prng } from '../../../main/core/util/prng.js';
import { leafOfBinnedRow, toModelTree, TreeLearner } from '../../../main/core/gbdt/tree.js';

const bounds = (n: number) => Float32Array.from({ length: n }, (_, b) => (b === n - 1 ? Infinity : b + 0.5));

function setup(n: number, numFeatures: number, numBins: number, seed: number, numLeaves: number) {
  const rng = new Prng(seed);
  const features = Array.from({ length: numFeatures }, () => featureBinning(bounds(numBins)));
  const arena = new Arena({ numRows: n, numFeatures, numSlots: numLeaves });
  const cols = Array.from({ length: numFeatures }, () =>
    Uint8Array.from({ length: n }, () => (rng.nextFloat() < 0.1 ? numBins : rng.nextInt(numBins))),
  );
  arena.load(cols, new Float32Array(n), 0);
  const learner = new TreeLearner(arena, new RowOps(arena, createKernels(arena), null), features, {
    numLeaves,
    minDataInLeaf: 5,
    minSumHessianInLeaf: 0,
    lambdaL2: 0,
  });
  return { arena, features, learner, cols };
}

describe('TreeLearner', () => {
  it('finds a step in the gradients with a single split', () => {
    const { arena, learner, features } = setup(1000, 2, 10, 1, 2);
    const home = arena.buffers[0];
    for (let i = 0; i < 1000; i++) {
      const b = home.bins[i * arena.rowBytes]!;
      home.grad[i] = b === 10 ? 1 : b <= 4 ? -1 : 1;
    }
    const tree = learner.grow(1000, new Uint8Array(2).fill(1));
    expect(tree.numLeaves).toBe(2);
    expect(tree.splitFeature[0]).toBe(0);
    expect(tree.thresholdBin[0]).toBe(4);
    expect(tree.defaultLeft[0]).toBe(0); // missing rows have gradient +1, like the right side
    const model = toModelTree(tree, features, Float32Array.of(-1, 1));
    expect(model.threshold[0]).toBe(4.5);
    expect(Array.from(model.leafValue)).toEqual([-1, 1]);
  });

  it('grows to numLeaves and leaves every row in the leaf its path leads to', () => {
    const n = 5000;
    const { arena, learner, features } = setup(n, 3, 16, 2, 12);
    const rng = new Prng(9);
    const home = arena.buffers[0];
    for (let i = 0; i < n; i++)
      home.grad[i] = rng.nextFloat() - 0.5 + (home.bins[i * arena.rowBytes + 1]! % 3);
    const tree = learner.grow(n, new Uint8Array(3).fill(1));
    expect(tree.numLeaves).toBe(12);
    expect(tree.numInternal).toBe(11);
    let total = 0;
    let misplaced = 0;
    for (let l = 0; l < tree.numLeaves; l++) {
      const buf = arena.buffers[tree.leafBuffer[l] === 1 ? 1 : 0];
      total += tree.leafCount[l]!;
      expect(tree.leafCount[l]!).toBeGreaterThanOrEqual(5);
      let g = 0;
      for (let i = tree.leafBegin[l]!; i < tree.leafBegin[l]! + tree.leafCount[l]!; i++) {
        if (leafOfBinnedRow(tree, features, buf.bins, i * arena.rowBytes) !== l) misplaced++;
        g += buf.grad[i]!;
      }
      expect(tree.leafSumGrad[l]).toBeCloseTo(g, 6);
    }
    expect(misplaced).toBe(0);
    expect(total).toBe(n);
  });

  it('stops early when no split is admissible', () => {
    const { arena, learner } = setup(100, 1, 4, 3, 8);
    arena.buffers[0].grad.fill(1);
    const tree = learner.grow(100, Uint8Array.of(1));
    expect(tree.numLeaves).toBe(1);
    expect(tree.numInternal).toBe(0);
  });
});
