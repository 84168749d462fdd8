/**
 * Reading a cover grid: the colour of a best ETA, the 360 s contour, one cell at a point, the share of
 * incidents out of reach in words. Pure functions of the CoverResult.
 */
import { formatCount, formatMinSec } from '../../format';
import { TARGET_SECONDS } from '../../../../contract/index.js';
import {
  colourBytes,
  COVER_BANDS,
  COVER_CONTOUR_COLOUR,
  coverBandOf,
  type CoverResult,
  type StationPoint,
} from '../../../../contract/maps.js';

/**
 * The bands and colours are the contract's, the ones the exported PNG is drawn with: the map on screen
 * and the file a person saves read the same. The 6-minute line always runs between coloured cells.
 */
export const ETA_BANDS = COVER_BANDS;
export const CONTOUR_COLOUR = COVER_CONTOUR_COLOUR;
export const bandOf = coverBandOf;

/** Cells are opaque in the image; the map layer's opacity lets the history's streets show through. */
const CELL_ALPHA = 255;
const RGBA = 4;

/** One RGBA pixel per cell, row-major from the north-west as the grid is; cells outside London clear. */
export function coverPixels(cover: CoverResult, alpha = CELL_ALPHA): Uint8ClampedArray<ArrayBuffer> {
  const pixels = new Uint8ClampedArray(cover.columns * cover.rows * RGBA);
  const rgbs = ETA_BANDS.map((band) => colourBytes(band.colour));
  cover.bestEtaSeconds.forEach((eta, i) => {
    if (eta === null) return;
    const rgb = rgbs[ETA_BANDS.indexOf(bandOf(eta))] ?? [0, 0, 0];
    pixels.set([rgb[0], rgb[1], rgb[2], alpha], i * RGBA);
  });
  return pixels;
}

/** A straight piece of the contour: [easting, northing] to [easting, northing]. */
export type Segment = readonly [readonly [number, number], readonly [number, number]];

const within = (eta: number | null | undefined): boolean | null =>
  eta === null || eta === undefined ? null : eta <= TARGET_SECONDS;

/**
 * The 360 s contour along cell edges: every edge between a cell reached within the target and a
 * neighbour that is not. Edges at London's boundary (a neighbour outside) are not part of it.
 */
export function contourSegments(cover: CoverResult, target = TARGET_SECONDS): Segment[] {
  const { columns, rows, cellMetres, bounds } = cover;
  const inside = (r: number, c: number) => {
    const eta = cover.bestEtaSeconds[r * columns + c];
    return eta === null || eta === undefined ? null : eta <= target;
  };
  const segments: Segment[] = [];
  for (let r = 0; r < rows; r += 1) {
    const top = bounds.north - r * cellMetres;
    const bottom = top - cellMetres;
    for (let c = 0; c < columns; c += 1) {
      const here = inside(r, c);
      if (here === null) continue;
      const left = bounds.west + c * cellMetres;
      const right = left + cellMetres;
      if (c + 1 < columns) {
        const east = inside(r, c + 1);
        if (east !== null && east !== here)
          segments.push([
            [right, top],
            [right, bottom],
          ]);
      }
      if (r + 1 < rows) {
        const south = inside(r + 1, c);
        if (south !== null && south !== here)
          segments.push([
            [left, bottom],
            [right, bottom],
          ]);
      }
    }
  }
  return segments;
}

export interface CellReading {
  readonly row: number;
  readonly column: number;
  /** The cell's centre. */
  readonly easting: number;
  readonly northing: number;
  readonly etaSeconds: number | null;
  readonly station: StationPoint | null;
  readonly withinTarget: boolean | null;
}

/** The cell holding a point, or null when the point is off the grid. */
export function cellAt(cover: CoverResult, easting: number, northing: number): CellReading | null {
  const column = Math.floor((easting - cover.bounds.west) / cover.cellMetres);
  const row = Math.floor((cover.bounds.north - northing) / cover.cellMetres);
  if (column < 0 || row < 0 || column >= cover.columns || row >= cover.rows) return null;
  return cellReading(cover, row * cover.columns + column);
}

export function cellReading(cover: CoverResult, index: number): CellReading {
  const row = Math.floor(index / cover.columns);
  const column = index % cover.columns;
  const etaSeconds = cover.bestEtaSeconds[index] ?? null;
  const stationIndex = cover.bestStation[index] ?? -1;
  return {
    row,
    column,
    easting: cover.bounds.west + (column + 0.5) * cover.cellMetres,
    northing: cover.bounds.north - (row + 0.5) * cover.cellMetres,
    etaSeconds,
    station: stationIndex >= 0 ? (cover.stations[stationIndex] ?? null) : null,
    withinTarget: within(etaSeconds),
  };
}

/** "12.3 %": one decimal, as the share is read against the 90 % the brigade aims for. */
export function formatShare(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

/** The share of incidents out of reach, in words. */
export function outOfReachSentence(cover: CoverResult): string {
  const { incidents, outOfReach, share } = cover.incidentsOutOfReach;
  if (incidents === 0)
    return 'The history holds no incidents inside the grid yet: import incident files to weigh the cover by where calls come from.';
  return `${formatShare(share)} of the history’s incidents lie where no station reaches within 6 min (${formatCount(outOfReach)} of ${formatCount(incidents)}).`;
}

export function describeCell(cell: CellReading): string {
  if (cell.etaSeconds === null || cell.station === null) return 'Outside Greater London';
  return `Best ${formatMinSec(cell.etaSeconds)} (${Math.round(cell.etaSeconds)} s) from ${cell.station.name} — ${
    cell.withinTarget ? 'within' : 'beyond'
  } the 6 min target`;
}
