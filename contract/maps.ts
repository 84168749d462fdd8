import { z } from 'zod';

/**
 * The maps' part of the contract: London drawn from the history itself (no tiles, no network), the
 * stations, imported boundaries, and the cover grid (best ETA from any servable station, per cell).
 * Every position is on the British National Grid in metres (easting, northing). Payloads are plain
 * JSON values: they cross Electron's IPC and the end-to-end bridge alike.
 */

/** A rectangle on the grid, metres. */
export interface GridBounds {
  readonly west: number;
  readonly south: number;
  readonly east: number;
  readonly north: number;
}

/**
 * Every imported incident position binned into pixels: a million incidents draw London's streets.
 * `counts` is base64 of width × height bytes, row-major from the north-west corner, each the number of
 * incidents in that pixel capped at 255.
 */
export interface HistoryBackdrop {
  readonly bounds: GridBounds;
  readonly width: number;
  readonly height: number;
  readonly metresPerPixel: number;
  readonly counts: string;
  /** Incidents drawn (those with a position inside the bounds). */
  readonly incidents: number;
}

export interface StationPoint {
  readonly code: string;
  readonly name: string;
  readonly easting: number;
  readonly northing: number;
  /** False when the model in service cannot send a pump from it (not in its training data). */
  readonly servable: boolean;
}

/** An imported boundaries file (GeoJSON), as polygons of rings of [easting, northing] pairs. */
export interface BoundaryLayer {
  readonly id: number;
  readonly name: string;
  readonly areas: readonly {
    readonly name: string;
    /** Each ring a flat list e0, n0, e1, n1, …; the first ring of a polygon is its outline. */
    readonly rings: readonly (readonly number[])[];
  }[];
}

/** What both maps are drawn on. */
export interface MapBase {
  readonly backdrop: HistoryBackdrop | null;
  readonly stations: readonly StationPoint[];
  readonly boundaries: readonly BoundaryLayer[];
}

export const COVER_CELL_METRES = { min: 100, max: 2000, default: 500 } as const;
export const MAX_WITHOUT_STATIONS = 200;

export const CoverRequestSchema = z.strictObject({
  /** The day and hour the cover is for (as an incident's callTime; absent means now). */
  callTime: z.string({ error: 'callTime must be text' }).trim().max(64).optional(),
  cellMetres: z
    .number({ error: 'cell size must be a number of metres' })
    .int({ error: 'cell size must be a whole number of metres' })
    .min(COVER_CELL_METRES.min, { error: `cell size must be at least ${COVER_CELL_METRES.min} m` })
    .max(COVER_CELL_METRES.max, { error: `cell size must be at most ${COVER_CELL_METRES.max} m` })
    .default(COVER_CELL_METRES.default),
  /** Stations taken out (code or name): committed elsewhere. */
  without: z
    .array(z.string().trim().min(1).max(120), { error: 'without must be a list of stations' })
    .max(MAX_WITHOUT_STATIONS)
    .default([]),
});
export type CoverRequest = z.input<typeof CoverRequestSchema>;
export type CoverRequestParsed = z.output<typeof CoverRequestSchema>;

/** The cover written to a file the person chooses: the map as a PNG, or the grid as a CSV. */
export const COVER_EXPORT_FORMATS = ['png', 'csv'] as const;
export type CoverExportFormat = (typeof COVER_EXPORT_FORMATS)[number];
export const CoverExportRequestSchema = CoverRequestSchema.extend({
  format: z.enum(COVER_EXPORT_FORMATS, { error: 'format must be png or csv' }),
});
export type CoverExportRequest = z.input<typeof CoverExportRequestSchema>;

export interface CoverResult {
  /** London time the cover was computed for, as the answer to an incident states it. */
  readonly callTime: string;
  readonly cellMetres: number;
  /** The grid: `columns` × `rows` cells from the north-west corner of `bounds`, row-major. */
  readonly bounds: GridBounds;
  readonly columns: number;
  readonly rows: number;
  /** Best ETA in seconds per cell; null outside Greater London. */
  readonly bestEtaSeconds: readonly (number | null)[];
  /** Index into `stations` of the station giving the best ETA; -1 outside Greater London. */
  readonly bestStation: readonly number[];
  /** Every station the model in service may send (those taken out included, to draw them as such). */
  readonly stations: readonly StationPoint[];
  /** Codes of the stations taken out, as in `stations`. */
  readonly without: readonly string[];
  /** History incidents in cells where no station reaches within the 360 s target. */
  readonly incidentsOutOfReach: {
    readonly incidents: number;
    readonly outOfReach: number;
    readonly share: number;
  };
  readonly modelId: string;
  readonly isDemoModel: boolean;
}

/** A band of best ETAs and its colour, as both the cover map on screen and the exported PNG draw it. */
export interface CoverBand {
  /** Best ETAs up to this many seconds (inclusive) fall in the band; the last band is open. */
  readonly upToSeconds: number;
  /** #rrggbb */
  readonly colour: string;
  readonly label: string;
}

/**
 * ColorBrewer's RdYlGn: greens within the 360 s target (TARGET_SECONDS, written out here because this
 * module is loaded by the one that declares it), yellow to red beyond it.
 */
export const COVER_BANDS: readonly CoverBand[] = [
  { upToSeconds: 240, colour: '#1a9850', label: 'up to 4:00' },
  { upToSeconds: 300, colour: '#91cf60', label: '4:00 – 5:00' },
  { upToSeconds: 360, colour: '#d9ef8b', label: '5:00 – 6:00' },
  { upToSeconds: 420, colour: '#fee08b', label: '6:00 – 7:00' },
  { upToSeconds: 480, colour: '#fc8d59', label: '7:00 – 8:00' },
  { upToSeconds: Infinity, colour: '#d73027', label: 'over 8:00' },
];

/** The 6-minute line. */
export const COVER_CONTOUR_COLOUR = '#000000';

export function coverBandOf(etaSeconds: number): CoverBand {
  return COVER_BANDS.find((band) => etaSeconds <= band.upToSeconds) ?? (COVER_BANDS.at(-1) as CoverBand);
}

/** A #rrggbb colour as its red, green and blue bytes. */
export function colourBytes(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}
