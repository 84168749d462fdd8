import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCover, NEAREST_CANDIDATES, type CoverInput } from '../../../main/core/cover/compute.js';
import { cellCentre, londonGrid } from '../../../main/core/cover/grid.js';
import { servableStations } from '../../../main/core/places/stations.js';
import { DEMO_MODEL_FILE, findResourcesDir } from '../../../main/core/registry/manager.js';
import { EtaService, loadModel, type LoadedModel } from '../../../main/core/serving/service.js';

/**
 * The cover scores only the NEAREST_CANDIDATES stations nearest each cell. On the bundled demo model
 * (real onnxruntime session), scoring more of them — or every station — must not change a single cell,
 * and each cell's answer must be the one a dispatcher's ranking gives at that point and time.
 */
let model: LoadedModel;
beforeAll(async () => {
  model = await loadModel(fs.readFileSync(path.join(findResourcesDir(), DEMO_MODEL_FILE)), 'demo');
});
afterAll(async () => model.session.release());

const CALL = '2024-03-05T17:00:00Z';
const input = (cellMetres: number, nearest?: number): CoverInput => ({
  callTime: new Date(CALL),
  callTimeLabel: CALL,
  cellMetres,
  without: [],
  positions: new Float64Array(0),
  boundaries: [],
  ...(nearest !== undefined ? { nearest } : {}),
});

describe('the nearest stations suffice', () => {
  it('a larger k gives the same grid at 500 m', async () => {
    const chosen = await computeCover(model, input(500));
    const larger = await computeCover(model, input(500, NEAREST_CANDIDATES * 3));
    expect(chosen.bestEtaSeconds.length).toBe(117 * 91);
    expect(larger.rowsScored).toBe(chosen.rowsScored * 3);
    expect(larger.bestEtaSeconds).toEqual(chosen.bestEtaSeconds);
    expect(larger.bestStation).toEqual(chosen.bestStation);
  });

  it('scoring every station gives the same grid at 1 km', async () => {
    const all = servableStations(model.meta).length;
    const chosen = await computeCover(model, input(1000));
    const every = await computeCover(model, input(1000, all));
    expect(every.rowsScored).toBe((chosen.rowsScored / NEAREST_CANDIDATES) * all);
    expect(every.bestEtaSeconds).toEqual(chosen.bestEtaSeconds);
    expect(every.bestStation).toEqual(chosen.bestStation);
  });

  it('the nearest station alone would not (so the check above can fail)', async () => {
    const chosen = await computeCover(model, input(1000));
    const one = await computeCover(model, input(1000, 1));
    const worse = one.bestEtaSeconds.filter((s, i) => s! > chosen.bestEtaSeconds[i]!).length;
    expect(worse).toBeGreaterThan(0);
    expect(one.bestEtaSeconds.every((s, i) => s! >= chosen.bestEtaSeconds[i]!)).toBe(true);
  });

  it("each cell's best is the top of a dispatcher's ranking at its centre", async () => {
    const cover = await computeCover(model, input(1000));
    const grid = londonGrid(1000);
    const service = new EtaService(model, null);
    for (const cell of [0, 700, 1234, 1800, cover.bestEtaSeconds.length - 1]) {
      const { easting, northing } = cellCentre(grid, cell);
      const ranked = await service.rank({
        location: { kind: 'coordinates', easting, northing },
        callTime: CALL,
      });
      const top = ranked.stations[0]!;
      expect(cover.bestEtaSeconds[cell]).toBe(top.etaSeconds);
      expect(cover.stations[cover.bestStation[cell]!]!.code).toBe(top.station.code);
    }
  });
});
