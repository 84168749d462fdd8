/** The cover drawn on a canvas for the map (the files a person saves are written by the core). */
import { canvasContext } from './backdrop';
import { coverPixels } from './cover';
import type { CoverResult } from '../../../../contract/maps.js';

/** One pixel per cell, as a data URL for Leaflet's image overlay; null without a 2D canvas. */
export function coverImage(cover: CoverResult): string | null {
  const canvas = document.createElement('canvas');
  canvas.width = cover.columns;
  canvas.height = cover.rows;
  const context = canvasContext(canvas);
  if (!context) return null;
  context.putImageData(new ImageData(coverPixels(cover), cover.columns, cover.rows), 0, 0);
  return canvas.toDataURL('image/png');
}
