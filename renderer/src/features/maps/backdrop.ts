/**
 * The history's backdrop: every imported incident position, binned into pixels by the core, drawn as a
 * faint light on the map. A million incidents draw London's streets without a single map tile.
 */
import type { HistoryBackdrop } from '../../../../contract/maps.js';

const RGBA = 4;
/** Even a single incident shows; the busiest pixels saturate instead of drowning the rest. */
const MIN_ALPHA = 40;
const MAX_ALPHA = 230;

export function decodeCounts(backdrop: HistoryBackdrop): Uint8Array {
  const binary = atob(backdrop.counts);
  const expected = backdrop.width * backdrop.height;
  if (binary.length !== expected)
    throw new Error(
      `The history backdrop has ${binary.length} pixels where ${backdrop.width} × ${backdrop.height} were expected`,
    );
  const counts = new Uint8Array(expected);
  for (let i = 0; i < expected; i += 1) counts[i] = binary.charCodeAt(i);
  return counts;
}

/**
 * RGBA pixels for the counts: empty pixels transparent, others in `rgb` with an opacity rising with the
 * logarithm of the count (street densities span four orders of magnitude).
 */
export function backdropPixels(
  counts: Uint8Array,
  rgb: readonly [number, number, number],
): Uint8ClampedArray<ArrayBuffer> {
  const pixels = new Uint8ClampedArray(counts.length * RGBA);
  let max = 0;
  for (const c of counts) if (c > max) max = c;
  const scale = max > 1 ? (MAX_ALPHA - MIN_ALPHA) / Math.log(max) : 0;
  for (let i = 0; i < counts.length; i += 1) {
    const count = counts[i] ?? 0;
    if (count === 0) continue;
    const o = i * RGBA;
    pixels[o] = rgb[0];
    pixels[o + 1] = rgb[1];
    pixels[o + 2] = rgb[2];
    pixels[o + 3] = MIN_ALPHA + Math.log(count) * scale;
  }
  return pixels;
}

/**
 * The backdrop as a PNG data URL (the CSP allows data: images and nothing remote). Null where the
 * document cannot draw on a canvas.
 */
export function backdropImage(
  backdrop: HistoryBackdrop,
  rgb: readonly [number, number, number],
): string | null {
  const canvas = document.createElement('canvas');
  canvas.width = backdrop.width;
  canvas.height = backdrop.height;
  const context = canvasContext(canvas);
  if (!context) return null;
  context.putImageData(
    new ImageData(backdropPixels(decodeCounts(backdrop), rgb), backdrop.width, backdrop.height),
    0,
    0,
  );
  return canvas.toDataURL('image/png');
}

/** A 2D context, or null where there is none (jsdom has the method but no implementation). */
export function canvasContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  try {
    return canvas.getContext('2d');
  } catch {
    return null;
  }
}
