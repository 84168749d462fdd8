import type { GridBounds } from '../../../contract/index.js';
import { GREATER_LONDON_BOUNDS } from '../geo/london.js';

/**
 * A square grid over Greater London's bounding box, its edges on whole multiples of the cell size so
 * the same cell size always gives the same cells. Cells are numbered row-major from the north-west
 * corner (row 0 is the northernmost), as the contract's CoverResult and an image's pixels are.
 */
export interface Grid {
  readonly bounds: GridBounds;
  readonly cellMetres: number;
  readonly columns: number;
  readonly rows: number;
}

export function londonGrid(cellMetres: number): Grid {
  const b = GREATER_LONDON_BOUNDS;
  const west = Math.floor(b.minEasting / cellMetres) * cellMetres;
  const south = Math.floor(b.minNorthing / cellMetres) * cellMetres;
  const east = Math.ceil(b.maxEasting / cellMetres) * cellMetres;
  const north = Math.ceil(b.maxNorthing / cellMetres) * cellMetres;
  return {
    bounds: { west, south, east, north },
    cellMetres,
    columns: Math.round((east - west) / cellMetres),
    rows: Math.round((north - south) / cellMetres),
  };
}

/** Centre of cell `index`, grid metres. */
export function cellCentre(grid: Grid, index: number): { easting: number; northing: number } {
  const column = index % grid.columns;
  const row = Math.floor(index / grid.columns);
  return {
    easting: grid.bounds.west + (column + 0.5) * grid.cellMetres,
    northing: grid.bounds.north - (row + 0.5) * grid.cellMetres,
  };
}

/** The cell a point falls in, or -1 outside the grid. */
export function cellOf(grid: Grid, easting: number, northing: number): number {
  const column = Math.floor((easting - grid.bounds.west) / grid.cellMetres);
  const row = Math.floor((grid.bounds.north - northing) / grid.cellMetres);
  if (!(column >= 0 && column < grid.columns && row >= 0 && row < grid.rows)) return -1;
  return row * grid.columns + column;
}
