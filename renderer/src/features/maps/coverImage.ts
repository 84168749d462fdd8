/** The cover drawn on canvases: the map's image overlay, and the PNG a person exports. */
import { backdropPixels, canvasContext, decodeCounts } from './backdrop';
import { contourSegments, coverPixels, ETA_BANDS, outOfReachSentence } from './cover';
import type { CoverResult, HistoryBackdrop } from '../../../../contract/maps.js';

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

/** The exported picture is about this wide whatever the cell size, each cell a whole number of pixels. */
const EXPORT_TARGET_PX = 1400;
const LEGEND_PX = 96;
const FONT = '14px sans-serif';
const PAPER = '#ffffff';
const INK = '#1b232b';
const STATION_INK = '#1b232b';
const STATION_RADIUS = 3;

/**
 * A self-explaining PNG of the cover: the history's incidents, the cells by best ETA, the 360 s contour,
 * the stations, and a legend with the call time and the share out of reach. Null without a 2D canvas.
 */
export function coverPicture(cover: CoverResult, backdrop: HistoryBackdrop | null): HTMLCanvasElement | null {
  const scale = Math.max(1, Math.floor(EXPORT_TARGET_PX / cover.columns));
  const width = cover.columns * scale;
  const height = cover.rows * scale;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height + LEGEND_PX;
  const context = canvasContext(canvas);
  if (!context) return null;
  context.fillStyle = PAPER;
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.imageSmoothingEnabled = false;

  const px = (easting: number) => ((easting - cover.bounds.west) / cover.cellMetres) * scale;
  const py = (northing: number) => ((cover.bounds.north - northing) / cover.cellMetres) * scale;

  const cells = document.createElement('canvas');
  cells.width = cover.columns;
  cells.height = cover.rows;
  canvasContext(cells)?.putImageData(new ImageData(coverPixels(cover, 255), cover.columns, cover.rows), 0, 0);
  context.drawImage(cells, 0, 0, width, height);

  if (backdrop && backdrop.incidents > 0) {
    const streets = document.createElement('canvas');
    streets.width = backdrop.width;
    streets.height = backdrop.height;
    canvasContext(streets)?.putImageData(
      new ImageData(backdropPixels(decodeCounts(backdrop), [0, 0, 0]), backdrop.width, backdrop.height),
      0,
      0,
    );
    context.globalAlpha = 0.45;
    context.drawImage(
      streets,
      px(backdrop.bounds.west),
      py(backdrop.bounds.north),
      px(backdrop.bounds.east) - px(backdrop.bounds.west),
      py(backdrop.bounds.south) - py(backdrop.bounds.north),
    );
    context.globalAlpha = 1;
  }

  context.strokeStyle = INK;
  context.lineWidth = 2;
  context.beginPath();
  for (const [[e0, n0], [e1, n1]] of contourSegments(cover)) {
    context.moveTo(px(e0), py(n0));
    context.lineTo(px(e1), py(n1));
  }
  context.stroke();

  const taken = new Set(cover.without);
  for (const station of cover.stations) {
    context.beginPath();
    context.arc(px(station.easting), py(station.northing), STATION_RADIUS, 0, 2 * Math.PI);
    const out = taken.has(station.code) || taken.has(station.name);
    context.fillStyle = out ? PAPER : STATION_INK;
    context.strokeStyle = STATION_INK;
    context.fill();
    context.stroke();
  }

  drawLegend(context, cover, height);
  return canvas;
}

function drawLegend(context: CanvasRenderingContext2D, cover: CoverResult, top: number): void {
  const swatch = 18;
  const gap = 8;
  context.font = FONT;
  context.textBaseline = 'middle';
  let x = gap;
  const y = top + gap + swatch / 2;
  for (const band of ETA_BANDS) {
    context.fillStyle = band.colour;
    context.fillRect(x, y - swatch / 2, swatch, swatch);
    context.fillStyle = INK;
    context.fillText(band.label, x + swatch + 4, y);
    x += swatch + 12 + context.measureText(band.label).width;
  }
  context.fillText(
    `Best ETA from any servable station, ${cover.callTime}, ${cover.cellMetres} m cells; line: 6 min.` +
      (cover.without.length ? ` Unavailable: ${cover.without.join(', ')}.` : ''),
    gap,
    y + swatch + gap,
  );
  context.fillText(outOfReachSentence(cover), gap, y + 2 * (swatch + gap));
}

/** A data URL download (the app's request filter lets data: through and nothing else but its files). */
export function download(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

export function coverFileName(cover: CoverResult, extension: 'png' | 'csv'): string {
  const when = cover.callTime.replace(/[^0-9A-Za-z]+/g, '-').replace(/-+$/, '');
  return `cover-${when}-${cover.cellMetres}m.${extension}`;
}
