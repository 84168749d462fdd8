import { cellOf, type Grid } from './grid.js';

/**
 * Which cells of the grid are Greater London. Its bounding box is crude (a third of it is Surrey, Kent,
 * Essex and Hertfordshire), so the grid is masked by where the LFB is called:
 *
 * 1. the history: a cell is London when an imported incident lies within HISTORY_REACH_METRES of it (a
 *    park or a reservoir with no incident of its own is still inside, the countryside beyond the
 *    boundary, where the LFB is not called, is not);
 * 2. else (no history yet) the whole box.
 *
 * Imported boundaries are drawn, never used as the mask: a file of a few boroughs would shrink the
 * figures to them, and a file of all England's districts would let the countryside back in, either way
 * without a word.
 */

export type MaskSource = 'history' | 'box';

/** How far from an incident a cell still counts as London when the history draws the mask. */
export const HISTORY_REACH_METRES = 1_000;

export interface Mask {
  readonly inside: Uint8Array;
  readonly source: MaskSource;
}

export function londonMask(grid: Grid, positions: Float64Array): Mask {
  if (positions.length > 0) return { inside: maskFromHistory(grid, positions), source: 'history' };
  return { inside: new Uint8Array(grid.columns * grid.rows).fill(1), source: 'box' };
}

function maskFromHistory(grid: Grid, positions: Float64Array): Uint8Array {
  const { columns, rows } = grid;
  const occupied = new Uint8Array(columns * rows);
  for (let i = 0; i + 1 < positions.length; i += 2) {
    const cell = cellOf(grid, positions[i]!, positions[i + 1]!);
    if (cell >= 0) occupied[cell] = 1;
  }
  // Dilation by a square of cells: the reach in whole cells, at least the cell itself.
  const reach = Math.max(0, Math.ceil(HISTORY_REACH_METRES / grid.cellMetres - 0.5));
  const inside = new Uint8Array(columns * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      if (!occupied[r * columns + c]) continue;
      for (let dr = Math.max(0, r - reach); dr <= Math.min(rows - 1, r + reach); dr++) {
        inside.fill(
          1,
          dr * columns + Math.max(0, c - reach),
          dr * columns + Math.min(columns - 1, c + reach) + 1,
        );
      }
    }
  }
  return inside;
}
