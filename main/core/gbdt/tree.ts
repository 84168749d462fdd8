import type { Arena } from './arena.js';
import type { FeatureBinning } from './binning.js';
import { featureOffset, histogramTotals, subtractHistogram } from './histogram.js';
import type { RowOps } from './parallel.js';
import { findBestSplit, noSplit, type SplitCandidate, type SplitParams } from './split.js';
import type { Tree } from './types.js';

export interface TreeParams extends SplitParams {
  numLeaves: number;
}

/**
 * A tree as grown on bins, before its leaves get values. Internal node k splits on
 * `splitFeature[k]` at `thresholdBin[k]`; children `>= 0` are internal nodes, `< 0` are leaves `~ref`.
 * After `grow`, leaf l owns rows `leafBegin[l] .. leafBegin[l] + leafCount[l] - 1` of arena row buffer
 * `leafBuffer[l]`.
 */
export interface GrownTree {
  numLeaves: number;
  numInternal: number;
  splitFeature: Int32Array;
  thresholdBin: Int32Array;
  defaultLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  leafBegin: Uint32Array;
  leafCount: Uint32Array;
  leafSumGrad: Float64Array;
  leafBuffer: Uint8Array;
}

/**
 * Leaf-wise (best-first) growth: always split the leaf whose best split removes the most loss, until
 * `numLeaves` leaves or no admissible split remain. Each split moves the leaf's rows so each child
 * owns a contiguous range, builds the histogram of the smaller child only, and turns the parent's histogram into the
 * larger child's by subtraction; so histogram slot count equals the leaf count.
 */
export class TreeLearner {
  private readonly best: SplitCandidate[] = [];
  private readonly leafSlot: Int32Array;
  private readonly leafParent: Int32Array;
  private readonly leafIsLeft: Uint8Array;

  constructor(
    private readonly arena: Arena,
    private readonly rows: RowOps,
    private readonly features: readonly FeatureBinning[],
    private readonly params: TreeParams,
  ) {
    if (arena.numSlots < params.numLeaves)
      throw new RangeError('arena has fewer histogram slots than leaves');
    this.leafSlot = new Int32Array(params.numLeaves);
    this.leafParent = new Int32Array(params.numLeaves);
    this.leafIsLeft = new Uint8Array(params.numLeaves);
  }

  /** Grows one tree on rows 0..rowCount-1 of row buffer `buffer`, with the gradients stored there. */
  grow(rowCount: number, featureMask: Uint8Array, buffer: 0 | 1 = 0): GrownTree {
    const maxLeaves = this.params.numLeaves;
    const tree: GrownTree = {
      numLeaves: 1,
      numInternal: 0,
      splitFeature: new Int32Array(maxLeaves - 1),
      thresholdBin: new Int32Array(maxLeaves - 1),
      defaultLeft: new Uint8Array(maxLeaves - 1),
      left: new Int32Array(maxLeaves - 1),
      right: new Int32Array(maxLeaves - 1),
      leafBegin: new Uint32Array(maxLeaves),
      leafCount: new Uint32Array(maxLeaves),
      leafSumGrad: new Float64Array(maxLeaves),
      leafBuffer: new Uint8Array(maxLeaves),
    };
    const { arena, rows, features } = this;
    const minRows = Math.max(this.params.minDataInLeaf, this.params.minSumHessianInLeaf, 1);
    tree.leafCount[0] = rowCount;
    this.leafSlot[0] = 0;
    this.leafParent[0] = -1;
    this.best.length = 0;
    tree.leafBuffer[0] = buffer;
    rows.buildHistogram(buffer, 0, rowCount, 0);
    tree.leafSumGrad[0] =
      features.length > 0 ? histogramTotals(arena, 0, 0, features[0]!.missingBin + 1).sumGrad : 0;
    this.best.push(this.findBest(tree, 0, featureMask));

    while (tree.numLeaves < maxLeaves) {
      let leaf = -1;
      let gain = 0;
      for (let l = 0; l < tree.numLeaves; l++) {
        if (this.best[l]!.gain > gain) {
          gain = this.best[l]!.gain;
          leaf = l;
        }
      }
      if (leaf < 0) break;
      const split = this.best[leaf]!;
      const begin = tree.leafBegin[leaf]!;
      const end = begin + tree.leafCount[leaf]!;
      const from = tree.leafBuffer[leaf] === 1 ? 1 : 0;
      const to = from === 1 ? 0 : 1;
      const nLeft = rows.partition(
        from,
        begin,
        end,
        split.leftCount,
        split.feature,
        split.thresholdBin,
        features[split.feature]!.missingBin,
        split.defaultLeft,
      );
      if (nLeft !== split.leftCount) {
        throw new Error(`internal: partition sent ${nLeft} rows left, histogram said ${split.leftCount}`);
      }

      const node = tree.numInternal++;
      const right = tree.numLeaves++;
      tree.splitFeature[node] = split.feature;
      tree.thresholdBin[node] = split.thresholdBin;
      tree.defaultLeft[node] = split.defaultLeft ? 1 : 0;
      tree.left[node] = ~leaf;
      tree.right[node] = ~right;
      const parent = this.leafParent[leaf]!;
      if (parent >= 0) {
        if (this.leafIsLeft[leaf] === 1) tree.left[parent] = node;
        else tree.right[parent] = node;
      }
      this.leafParent[leaf] = node;
      this.leafIsLeft[leaf] = 1;
      this.leafParent[right] = node;
      this.leafIsLeft[right] = 0;

      tree.leafCount[leaf] = nLeft;
      tree.leafBegin[right] = begin + nLeft;
      tree.leafCount[right] = end - begin - nLeft;
      tree.leafSumGrad[leaf] = split.leftGrad;
      tree.leafSumGrad[right] = split.rightGrad;
      tree.leafBuffer[leaf] = to;
      tree.leafBuffer[right] = to;

      // Children too small to split again need no histograms, unless the larger one can still split.
      const leftSmaller = nLeft <= end - begin - nLeft;
      const smaller = leftSmaller ? leaf : right;
      const larger = leftSmaller ? right : leaf;
      const parentSlot = this.leafSlot[leaf]!;
      this.leafSlot[larger] = parentSlot;
      this.leafSlot[smaller] = right;
      if (tree.leafCount[larger]! >= 2 * minRows) {
        const s = tree.leafBegin[smaller]!;
        rows.buildHistogram(to, s, s + tree.leafCount[smaller]!, right);
        subtractHistogram(arena, parentSlot, right);
        this.best[leaf] = this.findBest(tree, leaf, featureMask);
        this.best.push(this.findBest(tree, right, featureMask));
      } else {
        this.best[leaf] = noSplit();
        this.best.push(noSplit());
      }
    }
    return tree;
  }

  private findBest(tree: GrownTree, leaf: number, featureMask: Uint8Array): SplitCandidate {
    return findBestSplit(
      this.arena.hist,
      featureOffset(this.arena, this.leafSlot[leaf]!, 0),
      this.features,
      featureMask,
      tree.leafSumGrad[leaf]!,
      tree.leafCount[leaf]!,
      this.params,
    );
  }
}

/** The leaf a row reaches, following bins (for rows left out of the tree's bagging sample). */
export function leafOfBinnedRow(
  tree: GrownTree,
  features: readonly FeatureBinning[],
  bins: Uint8Array,
  rowOffset: number,
): number {
  if (tree.numInternal === 0) return 0;
  let node = 0;
  for (;;) {
    const f = tree.splitFeature[node]!;
    const bin = bins[rowOffset + f]!;
    const goLeft =
      bin === features[f]!.missingBin ? tree.defaultLeft[node] === 1 : bin <= tree.thresholdBin[node]!;
    node = goLeft ? tree.left[node]! : tree.right[node]!;
    if (node < 0) return ~node;
  }
}

/** The model's tree: bin thresholds become the float32 upper bounds of their bins. */
export function toModelTree(
  tree: GrownTree,
  features: readonly FeatureBinning[],
  leafValue: Float32Array,
): Tree {
  const n = tree.numInternal;
  const threshold = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    threshold[k] = features[tree.splitFeature[k]!]!.upperBounds[tree.thresholdBin[k]!]!;
  }
  return {
    splitFeature: tree.splitFeature.slice(0, n),
    threshold,
    defaultLeft: tree.defaultLeft.slice(0, n),
    left: tree.left.slice(0, n),
    right: tree.right.slice(0, n),
    leafValue: leafValue.slice(0, tree.numLeaves),
  };
}
