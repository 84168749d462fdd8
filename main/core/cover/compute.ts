import type { BoundaryLayer, CoverResult, StationPoint } from '../../../contract/index.js';
import { TARGET_SECONDS } from '../../../contract/index.js';
import { buildFeatureMatrix } from '../features/build.js';
import type { CallInput, StationRecord } from '../features/spec.js';
import { resolvePlace } from '../places/resolve.js';
import { stationDirectory } from '../places/stations.js';
import { callInputFor, type IncidentCategories, type LoadedModel } from '../serving/service.js';
import { JobCancelledError } from '../workers/protocol.js';
import { cellCentre, cellOf, londonGrid, type Grid } from './grid.js';
import { londonMask, type MaskSource } from './mask.js';

/**
 * The cover grid: for every cell of Greater London, the best ETA from any station still available,
 * scored by the model in service through its ONNX session exactly as a ranking scores one incident.
 *
 * Only the few stations nearest a cell (straight line) are scored there: every estimate stands on the
 * distance backbone (turnout + distance × pace), and the trees' correction, which depends on the
 * station, is far smaller than the backbone's difference between the nearest stations and the tenth.
 * NEAREST_CANDIDATES was chosen by measurement (tests/unit/cover/nearest.test.ts: a larger k gives the
 * same grid on the demo model; the cover benchmark reports the same for a model trained on the real
 * sample).
 */
export const NEAREST_CANDIDATES = 8;

/** Rows per session run: large enough that onnxruntime's per-call cost vanishes, small enough to cancel. */
export const SCORE_BATCH_ROWS = 16_384;

/**
 * A cell says nothing of the incident but where and when: every category is left blank, as when a
 * dispatcher ranks stations before knowing what the incident is. The model then scores the blank
 * ("(missing)") category it learned for calls recorded without one; first pump, sent from home.
 */
export const NEUTRAL_INCIDENT: IncidentCategories = {};
const FIRST_PUMP = 1;
const FROM_HOME = true;

export interface CoverInput {
  readonly callTime: Date;
  /** How the call time is stated back (London time). */
  readonly callTimeLabel: string;
  readonly cellMetres: number;
  /** Codes of the stations taken out. */
  readonly without: readonly string[];
  /** Imported incidents' positions, easting and northing interleaved. */
  readonly positions: Float64Array;
  readonly boundaries: readonly BoundaryLayer[];
  /** Stations scored per cell (NEAREST_CANDIDATES unless measuring). */
  readonly nearest?: number;
  readonly shouldStop?: () => boolean;
}

export interface CoverOutput extends CoverResult {
  readonly maskSource: MaskSource;
  /** Rows scored through the session. */
  readonly rowsScored: number;
}

/** The candidate stations nearest a point, nearest first: a partial insertion sort (k is small). */
function nearestOf(
  stations: readonly StationRecord[],
  easting: number,
  northing: number,
  k: number,
  out: number[],
  dist: number[],
): void {
  out.length = 0;
  dist.length = 0;
  for (let s = 0; s < stations.length; s++) {
    const st = stations[s]!;
    const d = (st.easting - easting) ** 2 + (st.northing - northing) ** 2;
    if (out.length === k && d >= dist[k - 1]!) continue;
    let at = out.length === k ? k - 1 : out.length;
    while (at > 0 && dist[at - 1]! > d) {
      out[at] = out[at - 1]!;
      dist[at] = dist[at - 1]!;
      at--;
    }
    out[at] = s;
    dist[at] = d;
  }
}

export async function computeCover(model: LoadedModel, input: CoverInput): Promise<CoverOutput> {
  const directory = stationDirectory(model.meta);
  const servable = directory.servable;
  const out = new Set(input.without);
  const candidates = servable.filter((s) => !out.has(s.code));
  if (candidates.length === 0) throw new Error('Every station was taken out: no cover to compute.');
  const candidateIndex = candidates.map((s) => servable.indexOf(s));
  const grid: Grid = londonGrid(input.cellMetres);
  const mask = londonMask(grid, input.positions);
  const k = Math.min(input.nearest ?? NEAREST_CANDIDATES, candidates.length);
  const context = { gazetteers: [], stations: directory, demoOnly: false };

  const cells = grid.columns * grid.rows;
  const best = new Float64Array(cells).fill(Infinity);
  const bestStation = new Int32Array(cells).fill(-1);
  const rowCell: number[] = [];
  const rowStation: number[] = [];
  const rows: CallInput[] = [];
  const near: number[] = [];
  const dist: number[] = [];
  let rowsScored = 0;

  const flush = async () => {
    if (rows.length === 0) return;
    if (input.shouldStop?.()) throw new JobCancelledError('The cover was cancelled.');
    const matrix = buildFeatureMatrix(model.meta.featureSpec, rows);
    const scored = await model.session.run(matrix, rows.length);
    for (let i = 0; i < rows.length; i++) {
      const eta = scored.eta[i]!;
      const cell = rowCell[i]!;
      if (eta < best[cell]!) {
        best[cell] = eta;
        bestStation[cell] = rowStation[i]!;
      }
    }
    rowsScored += rows.length;
    rows.length = 0;
    rowCell.length = 0;
    rowStation.length = 0;
  };

  for (let cell = 0; cell < cells; cell++) {
    if (!mask.inside[cell]) continue;
    const { easting, northing } = cellCentre(grid, cell);
    // The cell's place as a dispatcher's typed coordinates are placed: its ground is the nearest station's.
    const { place } = resolvePlace({ kind: 'coordinates', easting, northing }, context);
    nearestOf(candidates, easting, northing, k, near, dist);
    for (const s of near) {
      rows.push(callInputFor(NEUTRAL_INCIDENT, place, candidates[s]!, FIRST_PUMP, FROM_HOME, input.callTime));
      rowCell.push(cell);
      rowStation.push(candidateIndex[s]!);
    }
    if (rows.length >= SCORE_BATCH_ROWS) await flush();
  }
  await flush();

  // Seconds as an answer states them (rounded, never negative), null outside London.
  const bestEtaSeconds = Array.from(best, (eta, cell) =>
    mask.inside[cell] ? Math.max(0, Math.round(eta)) : null,
  );
  let incidents = 0;
  let outOfReach = 0;
  for (let i = 0; i + 1 < input.positions.length; i += 2) {
    const cell = cellOf(grid, input.positions[i]!, input.positions[i + 1]!);
    const eta = cell >= 0 ? bestEtaSeconds[cell] : null;
    if (eta === null || eta === undefined) continue;
    incidents++;
    if (eta > TARGET_SECONDS) outOfReach++;
  }
  return {
    callTime: input.callTimeLabel,
    cellMetres: grid.cellMetres,
    bounds: grid.bounds,
    columns: grid.columns,
    rows: grid.rows,
    bestEtaSeconds,
    bestStation: Array.from(bestStation),
    stations: stationPoints(servable, () => true),
    without: [...input.without],
    incidentsOutOfReach: { incidents, outOfReach, share: incidents > 0 ? outOfReach / incidents : 0 },
    modelId: model.id,
    isDemoModel: model.isDemo,
    maskSource: mask.source,
    rowsScored,
  };
}

export function stationPoints(
  stations: readonly StationRecord[],
  servable: (s: StationRecord) => boolean,
): StationPoint[] {
  return stations.map((s) => ({
    code: s.code,
    name: s.name,
    easting: s.easting,
    northing: s.northing,
    servable: servable(s),
  }));
}
