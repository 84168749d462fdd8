import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { BoundaryLayer } from '../../../contract/index.js';
import type { Db } from '../db/index.js';
import { wgs84ToBng } from '../geo/bng.js';
import { isInLondon } from '../geo/london.js';
import { FileFormatError } from './errors.js';
import type { FileReport } from './types.js';
import { completeImport, insertImport } from './writer.js';

/**
 * A boundaries file: GeoJSON areas (a FeatureCollection of Polygon and MultiPolygon features, as the
 * ONS publishes borough and ward boundaries) stored as one layer for the maps, on the British National
 * Grid. Coordinates in WGS84 longitude/latitude (GeoJSON's own, and the ONS's) are converted with the
 * OSGB36 transformation of geo/bng; files already in EPSG:27700 are kept as they are. Which of the two
 * a file is in is read from its `crs` member when it has one, else from the coordinates' range.
 * Anything else is refused with a sentence, and nothing is stored.
 */

/** A ward boundaries file at full resolution is tens of MB; past this it is not a boundaries file. */
export const MAX_BOUNDARY_FILE_BYTES = 200 * 1024 * 1024;
/** Points nearer than this to the last one kept are dropped: no map of London draws finer. */
export const SIMPLIFY_METRES = 5;
const MIN_RING_POINTS = 4;
const SNIFF_BYTES = 1024;
const BYTE_ORDER_MARK = '\uFEFF';

export type BoundaryCrs = 'wgs84' | 'bng';

export interface ParsedBoundaries {
  readonly crs: BoundaryCrs;
  readonly features: number;
  readonly areas: BoundaryLayer['areas'];
  /** Features without an area (points, lines, no geometry), by GeoJSON type. */
  readonly skipped: Readonly<Record<string, number>>;
  /** Areas left out because they lie nowhere near Greater London, by name. */
  readonly farAway: readonly string[];
}

/** A JSON object's first character: a CSV or a workbook never starts so. */
export async function isBoundariesFile(file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
    return /^\s*\{/.test(head.toString('utf8', 0, bytesRead).replace(BYTE_ORDER_MARK, ''));
  } finally {
    await handle.close();
  }
}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The area's name: `name`, else an ONS-style `…NM` property (LAD22NM, WD23NM), else its number. */
function areaName(properties: Json, index: number): string {
  if (isObject(properties)) {
    for (const [key, value] of Object.entries(properties)) {
      if (/^name$/i.test(key) && typeof value === 'string' && value.trim()) return value.trim();
    }
    for (const [key, value] of Object.entries(properties)) {
      if (/nm$/i.test(key) && typeof value === 'string' && value.trim()) return value.trim();
    }
  }
  return `area ${index + 1}`;
}

function crsFromMember(root: Record<string, Json>): BoundaryCrs | null {
  const crs = root.crs;
  if (crs === undefined || crs === null) return null;
  const name = isObject(crs) && isObject(crs.properties) ? crs.properties.name : undefined;
  if (typeof name !== 'string') {
    throw new FileFormatError('its "crs" member names no coordinate reference system');
  }
  if (/27700/.test(name)) return 'bng';
  if (/CRS84|4326/i.test(name)) return 'wgs84';
  throw new FileFormatError(
    `its coordinates are in ${name}: save it in WGS84 longitude/latitude or British National Grid (EPSG:27700)`,
  );
}

/** Polygons of one feature's geometry (each a list of rings of positions), or the type it has instead. */
function polygonsOf(geometry: Json): { polygons: Json[] } | { other: string } {
  if (!isObject(geometry)) return { other: 'no geometry' };
  const coordinates = geometry.coordinates;
  switch (geometry.type) {
    case 'Polygon':
      return { polygons: [coordinates] };
    case 'MultiPolygon':
      if (!Array.isArray(coordinates)) return { polygons: [coordinates] };
      return { polygons: coordinates };
    default:
      return { other: typeof geometry.type === 'string' ? geometry.type : 'unknown geometry' };
  }
}

function featuresOf(root: Record<string, Json>): Json[] {
  switch (root.type) {
    case 'FeatureCollection':
      if (!Array.isArray(root.features))
        throw new FileFormatError('its FeatureCollection has no "features" list');
      return root.features;
    case 'Feature':
      return [root];
    case 'Polygon':
    case 'MultiPolygon':
      return [{ type: 'Feature', geometry: root, properties: {} }];
    default:
      throw new FileFormatError(
        `a GeoJSON FeatureCollection of Polygon or MultiPolygon areas was expected, not ${
          typeof root.type === 'string' ? `a ${root.type}` : 'an object without a GeoJSON "type"'
        }`,
      );
  }
}

/** Every ring of the file checked: lists of at least 4 positions of finite numbers. */
function checkedRings(polygon: Json, where: string): number[][][] {
  if (!Array.isArray(polygon) || polygon.length === 0) {
    throw new FileFormatError(`${where} has a polygon without rings`);
  }
  return polygon.map((ring) => {
    if (!Array.isArray(ring) || ring.length < MIN_RING_POINTS) {
      throw new FileFormatError(`${where} has a ring of fewer than ${MIN_RING_POINTS} positions`);
    }
    return ring.map((position) => {
      if (
        !Array.isArray(position) ||
        position.length < 2 ||
        !Number.isFinite(position[0]) ||
        !Number.isFinite(position[1])
      ) {
        throw new FileFormatError(
          `${where} has a position that is not a pair of numbers: ${JSON.stringify(position)}`,
        );
      }
      return position as number[];
    });
  });
}

/** Reads GeoJSON text into areas on the grid; throws FileFormatError saying what is wrong. */
export function parseBoundaries(text: string): ParsedBoundaries {
  let root: Json;
  try {
    root = JSON.parse(text.replace(BYTE_ORDER_MARK, ''));
  } catch (error) {
    throw new FileFormatError(`the file is not valid GeoJSON (${(error as Error).message})`);
  }
  if (!isObject(root)) throw new FileFormatError('a GeoJSON object was expected');
  const declared = crsFromMember(root);
  const features = featuresOf(root);
  const skipped: Record<string, number> = {};
  const found: { name: string; polygons: number[][][][] }[] = [];
  features.forEach((feature, index) => {
    if (!isObject(feature)) throw new FileFormatError(`feature ${index + 1} is not a GeoJSON Feature`);
    const name = areaName(feature.properties, index);
    const geometry = polygonsOf(feature.geometry);
    if ('other' in geometry) {
      skipped[geometry.other] = (skipped[geometry.other] ?? 0) + 1;
      return;
    }
    const where = `feature ${index + 1} ('${name}')`;
    found.push({ name, polygons: geometry.polygons.map((p) => checkedRings(p, where)) });
  });
  if (found.length === 0) {
    const kinds = Object.entries(skipped).map(([type, n]) => `${n} ${type}`);
    throw new FileFormatError(
      `it holds no Polygon or MultiPolygon areas${kinds.length ? ` (only ${kinds.join(', ')})` : ''}`,
    );
  }
  const crs = declared ?? guessCrs(found.flatMap((f) => f.polygons.flat(2)));
  const areas = found.map(({ name, polygons }) => ({
    name,
    rings: polygons
      .flatMap((rings) => rings.map((ring) => toGrid(ring, crs)))
      .filter((r) => r.length >= 2 * MIN_RING_POINTS),
  }));
  // An area far from London (a Paris polygon in a file of boroughs, Manchester in England's districts)
  // is left out and named; a file with none near London is refused.
  const near = areas.filter((a) => isNearLondon(a.rings));
  const farAway = areas.filter((a) => !isNearLondon(a.rings)).map((a) => a.name);
  if (near.length === 0) {
    const first = areas[0]!.rings[0] ?? [NaN, NaN];
    throw new FileFormatError(
      `none of its areas is in or near Greater London (the first point is at easting ${Math.round(first[0]!)}, ` +
        `northing ${Math.round(first[1]!)}): it must be WGS84 longitude/latitude or British National Grid metres`,
    );
  }
  return { crs, features: features.length, areas: near, skipped, farAway };
}

/** Longitude/latitude fit in ±180/±90; National Grid metres almost never do. */
function guessCrs(positions: number[][]): BoundaryCrs {
  const degrees = positions.every((p) => Math.abs(p[0]!) <= 180 && Math.abs(p[1]!) <= 90);
  return degrees ? 'wgs84' : 'bng';
}

/** A ring on the grid (whole metres, flat e, n pairs), points within SIMPLIFY_METRES of the last dropped. */
function toGrid(ring: number[][], crs: BoundaryCrs): number[] {
  const out: number[] = [];
  const last = ring.length - 1;
  ring.forEach((position, i) => {
    const { easting, northing } =
      crs === 'wgs84'
        ? wgs84ToBng(position[1]!, position[0]!)
        : { easting: position[0]!, northing: position[1]! };
    const e = Math.round(easting);
    const n = Math.round(northing);
    const k = out.length;
    if (i > 0 && i < last && Math.hypot(e - out[k - 2]!, n - out[k - 1]!) < SIMPLIFY_METRES) return;
    out.push(e, n);
  });
  return out;
}

/** Central London (Charing Cross) on the grid: an area around all of London contains it. */
const CHARING_CROSS = { easting: 530_050, northing: 180_380 } as const;

/** Some point of the area is in or near Greater London, or the area surrounds it (a region's outline). */
function isNearLondon(rings: readonly (readonly number[])[]): boolean {
  for (const ring of rings)
    for (let i = 0; i + 1 < ring.length; i += 2) if (isInLondon(ring[i]!, ring[i + 1]!)) return true;
  return insideArea(rings, CHARING_CROSS.easting, CHARING_CROSS.northing);
}

/** Even-odd over every ring of an area (flat e, n pairs): holes, and islands in holes, come out right. */
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

/**
 * Imports a boundaries file as one layer, in one transaction; the same file imported again (and not
 * undone) adds no second layer. Nothing is stored when the file is refused.
 */
export async function importBoundaries(db: Db, file: string, size: number): Promise<FileReport> {
  if (size > MAX_BOUNDARY_FILE_BYTES) {
    throw new FileFormatError(
      `the boundaries file is ${Math.round(size / 1024 / 1024)} MB, more than the ${MAX_BOUNDARY_FILE_BYTES / 1024 / 1024} MB a boundaries file can be`,
    );
  }
  const startedAt = new Date().toISOString();
  const bytes = await fs.readFile(file);
  const parsed = parseBoundaries(bytes.toString('utf8'));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const fileName = path.basename(file);
  const layerName = fileName.replace(/\.(geo)?json$/i, '');
  const skippedTotal = Object.values(parsed.skipped).reduce((a, b) => a + b, 0) + parsed.farAway.length;
  // Already in use: a layer of this very file whose import is not undone (an undone one is gone).
  const already = db
    .prepare(
      `SELECT 1 FROM boundary_layers b JOIN imports i ON i.id = b.import_id
       WHERE i.kind = 'boundaries' AND i.sha256 = ? AND i.undone_at IS NULL`,
    )
    .get(sha256);
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const stored = already ? 0 : parsed.areas.length;
  const notes = [
    already
      ? `this boundaries file is already imported: no second layer was added`
      : `${plural(stored, 'area', 'areas')} stored as the boundaries layer '${layerName}' ` +
        `(${parsed.crs === 'wgs84' ? 'WGS84 longitude/latitude converted to' : 'already on'} the British National Grid)`,
    ...Object.entries(parsed.skipped).map(
      ([type, n]) =>
        `${plural(n, 'feature', 'features')} of type ${type} ${n === 1 ? 'is' : 'are'} not an area and skipped`,
    ),
    ...(parsed.farAway.length > 0
      ? [
          `${plural(parsed.farAway.length, 'area lies', 'areas lie')} nowhere near Greater London and ` +
            `${parsed.farAway.length === 1 ? 'was' : 'were'} left out: ${parsed.farAway.slice(0, 5).join(', ')}` +
            (parsed.farAway.length > 5 ? ', …' : ''),
        ]
      : []),
  ];
  const importId = db
    .transaction(() => {
      const id = insertImport(db, { fileName, kind: 'boundaries', sizeBytes: size, startedAt });
      if (!already) {
        db.prepare(
          'INSERT INTO boundary_layers (import_id, name, areas, areas_json) VALUES (?, ?, ?, ?)',
        ).run(id, layerName, stored, JSON.stringify(parsed.areas));
      }
      completeImport(db, id, {
        sha256,
        finishedAt: new Date().toISOString(),
        rowsRead: parsed.features,
        rowsImported: stored,
        rowsChanged: 0,
        rowsDuplicate: already ? parsed.areas.length : 0,
        rowsRejected: skippedTotal,
        acceptPartial: false,
        report: { crs: parsed.crs, notes },
      });
      return id;
    })
    .immediate();
  return {
    file,
    kind: 'boundaries',
    importId,
    rowsRead: parsed.features,
    rowsImported: stored,
    rowsChanged: 0,
    rowsDuplicate: already ? parsed.areas.length : 0,
    rowsRejected: skippedTotal,
    rejected: {},
    examples: [],
    changedFields: [],
    acceptedPartial: [],
    dateOrder: 'day-first',
    notes,
  };
}
