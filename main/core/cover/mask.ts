import type { BoundaryLayer } from '../../../contract/index.js';
import { cellCentre, cellOf, type Grid } from './grid.js';

/**
 * Which cells of the grid are Greater London. Its bounding box is crude (a third of it is Surrey, Kent,
 * Essex and Hertfordshire), so the grid is masked by what we know of where London is, best first:
 *
 * 1. imported boundaries (e.g. the ONS borough boundaries): a cell is London when its centre lies in
 *    one of their areas;
 * 2. else the history: a cell is London when an imported incident lies within HISTORY_REACH_METRES of
 *    it (a park or a reservoir with no incident of its own is still inside, the countryside beyond the
 *    boundary, where the LFB is not called, is not);
 * 3. else (no history yet) the whole box.
 */

export type MaskSource = 'boundaries' | 'history' | 'box';

/** How far from an incident a cell still counts as London when the history draws the mask. */
export const HISTORY_REACH_METRES = 1_000;

export interface Mask {
  readonly inside: Uint8Array;
  readonly source: MaskSource;
}

export function londonMask(grid: Grid, positions: Float64Array, boundaries: readonly BoundaryLayer[]): Mask {
  const areas = boundaries.flatMap((layer) => layer.areas);
  if (areas.length > 0) return { inside: maskFromAreas(grid, areas), source: 'boundaries' };
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

/** Even-odd over every ring of an area: holes (and islands in holes) come out right. */
export function insideArea(rings: readonly (readonly number[])[], e: number, n: number): boolean {
  let inside = false;
  for (const ring of rings) {
    const points = ring.length >> 1;
    for (let i = 0, j = points - 1; i < points; j = i++) {
      const ei = ring[2 * i]!;
      const ni = ring[2 * i + 1]!;
      const ej = ring[2 * j]!;
      const nj = ring[2 * j + 1]!;
      if (ni > n !== nj > n && e < ((ej - ei) * (n - ni)) / (nj - ni) + ei) inside = !inside;
    }
  }
  return inside;
}

function maskFromAreas(grid: Grid, areas: BoundaryLayer['areas']): Uint8Array {
  const boxes = areas.map((area) => ringBox(area.rings));
  const inside = new Uint8Array(grid.columns * grid.rows);
  for (let cell = 0; cell < inside.length; cell++) {
    const { easting, northing } = cellCentre(grid, cell);
    for (let a = 0; a < areas.length; a++) {
      const box = boxes[a]!;
      if (easting < box[0] || easting > box[2] || northing < box[1] || northing > box[3]) continue;
      if (insideArea(areas[a]!.rings, easting, northing)) {
        inside[cell] = 1;
        break;
      }
    }
  }
  return inside;
}

function ringBox(rings: readonly (readonly number[])[]): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i += 2) {
      box[0] = Math.min(box[0], ring[i]!);
      box[1] = Math.min(box[1], ring[i + 1]!);
      box[2] = Math.max(box[2], ring[i]!);
      box[3] = Math.max(box[3], ring[i + 1]!);
    }
  }
  return box;
}
