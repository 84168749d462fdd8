import fs from 'node:fs';
import type { CoverExportFormat, CoverResult } from '../../../contract/index.js';
import { COVER_BANDS, COVER_CONTOUR_COLOUR, colourBytes, TARGET_SECONDS } from '../../../contract/index.js';
import { londonLocalMs } from '../calendar/londonTime.js';
import { encodePng } from './png.js';

/**
 * The cover grid as files: a PNG (cells coloured by ETA band, the 360 s contour drawn) and a CSV (one
 * row per London cell). The palette is the contract's (COVER_BANDS: ≤ 240 s #1a9850 dark green,
 * ≤ 300 s #91cf60, ≤ 360 s #d9ef8b, ≤ 420 s #fee08b yellow, ≤ 480 s #fc8d59, > 480 s #d73027 red), the
 * one the window's cover map draws; cells outside Greater London transparent, and the 360 s contour
 * black along the edges between cells inside and beyond the target.
 */
export const ETA_BANDS: readonly {
  readonly upToSeconds: number;
  readonly rgb: readonly [number, number, number];
}[] = COVER_BANDS.map((band) => ({ upToSeconds: band.upToSeconds, rgb: colourBytes(band.colour) }));
export const CONTOUR_RGB: readonly [number, number, number] = colourBytes(COVER_CONTOUR_COLOUR);

/** The image is about this wide, whatever the cell size (each cell a square of whole pixels). */
const TARGET_IMAGE_WIDTH = 1_000;
const OPAQUE = 255;

export function bandOf(etaSeconds: number): readonly [number, number, number] {
  return ETA_BANDS.find((b) => etaSeconds <= b.upToSeconds)!.rgb;
}

export function pixelsPerCell(columns: number): number {
  return Math.max(1, Math.floor(TARGET_IMAGE_WIDTH / columns));
}

export function coverPng(cover: CoverResult): Buffer {
  const scale = pixelsPerCell(cover.columns);
  const width = cover.columns * scale;
  const height = cover.rows * scale;
  const rgba = new Uint8Array(width * height * 4);
  const paint = (x: number, y: number, rgb: readonly [number, number, number]) => {
    const at = (y * width + x) * 4;
    rgba[at] = rgb[0];
    rgba[at + 1] = rgb[1];
    rgba[at + 2] = rgb[2];
    rgba[at + 3] = OPAQUE;
  };
  const eta = (column: number, row: number) => cover.bestEtaSeconds[row * cover.columns + column] ?? null;
  for (let row = 0; row < cover.rows; row++) {
    for (let column = 0; column < cover.columns; column++) {
      const seconds = eta(column, row);
      if (seconds === null) continue;
      const rgb = bandOf(seconds);
      for (let y = row * scale; y < (row + 1) * scale; y++) {
        for (let x = column * scale; x < (column + 1) * scale; x++) paint(x, y, rgb);
      }
    }
  }
  // The contour: the shared edge of two London cells on either side of the target, one pixel wide
  // on each side of it so it reads at any scale.
  const within = (s: number | null) => s !== null && s <= TARGET_SECONDS;
  const beyond = (s: number | null) => s !== null && s > TARGET_SECONDS;
  const crosses = (a: number | null, b: number | null) =>
    (within(a) && beyond(b)) || (beyond(a) && within(b));
  for (let row = 0; row < cover.rows; row++) {
    for (let column = 0; column < cover.columns; column++) {
      const here = eta(column, row);
      if (column + 1 < cover.columns && crosses(here, eta(column + 1, row))) {
        const x = (column + 1) * scale;
        for (let y = row * scale; y < (row + 1) * scale; y++) {
          paint(x - 1, y, CONTOUR_RGB);
          if (scale > 1) paint(x, y, CONTOUR_RGB);
        }
      }
      if (row + 1 < cover.rows && crosses(here, eta(column, row + 1))) {
        const y = (row + 1) * scale;
        for (let x = column * scale; x < (column + 1) * scale; x++) {
          paint(x, y - 1, CONTOUR_RGB);
          if (scale > 1) paint(x, y, CONTOUR_RGB);
        }
      }
    }
  }
  return encodePng(width, height, rgba);
}

export const COVER_CSV_HEADER = 'easting,northing,best_eta_s,station_code,station_name,within_target';

/** A CSV field, quoted when it holds a comma, a quote or a line break. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One row per London cell: the centre of the cell (grid metres), its best ETA and the station giving it. */
export function coverCsv(cover: CoverResult): string {
  const lines = [COVER_CSV_HEADER];
  const half = cover.cellMetres / 2;
  for (let cell = 0; cell < cover.bestEtaSeconds.length; cell++) {
    const seconds = cover.bestEtaSeconds[cell];
    if (seconds === null || seconds === undefined) continue;
    const column = cell % cover.columns;
    const row = Math.floor(cell / cover.columns);
    const station = cover.stations[cover.bestStation[cell]!]!;
    lines.push(
      [
        cover.bounds.west + column * cover.cellMetres + half,
        cover.bounds.north - row * cover.cellMetres - half,
        seconds,
        field(station.code),
        field(station.name),
        seconds <= TARGET_SECONDS ? 'true' : 'false',
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/** The file's bytes in a format. */
export function coverFile(cover: CoverResult, format: CoverExportFormat): Buffer {
  switch (format) {
    case 'png':
      return coverPng(cover);
    case 'csv':
      return Buffer.from(coverCsv(cover), 'utf8');
    default: {
      const never: never = format;
      throw new Error(`unknown cover format ${String(never)}`);
    }
  }
}

/**
 * Writes the cover to `file`: beside it first, then renamed, so an interrupted write never leaves half
 * a file under the name asked for (and an existing file is replaced whole or not at all).
 */
export function writeCoverFile(cover: CoverResult, format: CoverExportFormat, file: string): void {
  const partial = `${file}.partial-${process.pid}`;
  try {
    fs.writeFileSync(partial, coverFile(cover, format));
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    // The system's words name the temporary file; the person asked for `file`.
    const { code } = error as NodeJS.ErrnoException;
    const why =
      code === 'ENOENT'
        ? 'its folder does not exist'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'that folder cannot be written to'
          : code === 'ENOSPC'
            ? 'the disk is full'
            : code === 'EISDIR'
              ? 'it is a folder'
              : (error as Error).message.split(partial).join(file);
    throw new Error(`The cover could not be saved to ${file}: ${why}.`, { cause: error });
  }
}

/** Station codes named in a file name; more are counted ("…-and-3-more"). */
const NAMED_WITHOUT = 5;

/**
 * A name to offer in a save dialog that tells one saved cover from another (the image itself carries
 * no caption): `cover-2024-03-05-1700-500m.png`, `cover-2024-03-05-1700-500m-without-A21-H22.csv`.
 */
export function coverFileName(
  callTime: Date,
  format: CoverExportFormat,
  cellMetres: number,
  without: readonly string[] = [],
): string {
  const local = new Date(londonLocalMs(callTime.getTime())).toISOString();
  const named = without.slice(0, NAMED_WITHOUT).join('-');
  const more = without.length > NAMED_WITHOUT ? `-and-${without.length - NAMED_WITHOUT}-more` : '';
  const out = without.length > 0 ? `-without-${named}${more}` : '';
  return `cover-${local.slice(0, 10)}-${local.slice(11, 13)}${local.slice(14, 16)}-${cellMetres}m${out}.${format}`;
}
