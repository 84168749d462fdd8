import type { HistoryBackdrop } from '../../../contract/index.js';
import { londonGrid } from './grid.js';

/**
 * London drawn from the history itself: every incident position binned into pixels of a ~1000 px wide
 * image of Greater London's box. A million incidents trace the streets; the count per pixel (capped
 * at one byte) is the brightness the renderer gives it.
 */
export const BACKDROP_METRES_PER_PIXEL = 60;
const MAX_COUNT = 255;

export function historyBackdrop(positions: Float64Array): HistoryBackdrop {
  const grid = londonGrid(BACKDROP_METRES_PER_PIXEL);
  const { west, north } = grid.bounds;
  const counts = new Uint8Array(grid.columns * grid.rows);
  let incidents = 0;
  for (let i = 0; i + 1 < positions.length; i += 2) {
    const column = Math.floor((positions[i]! - west) / BACKDROP_METRES_PER_PIXEL);
    const row = Math.floor((north - positions[i + 1]!) / BACKDROP_METRES_PER_PIXEL);
    if (!(column >= 0 && column < grid.columns && row >= 0 && row < grid.rows)) continue;
    incidents++;
    const pixel = row * grid.columns + column;
    if (counts[pixel]! < MAX_COUNT) counts[pixel]!++;
  }
  return {
    bounds: grid.bounds,
    width: grid.columns,
    height: grid.rows,
    metresPerPixel: BACKDROP_METRES_PER_PIXEL,
    counts: Buffer.from(counts.buffer, counts.byteOffset, counts.byteLength).toString('base64'),
    incidents,
  };
}
