import type { CoverRequest, CoverResult, MapBase } from '../../../contract/index.js';
import { CoverPayloadSchema, parsePayload } from '../../../contract/index.js';
import { stationPoints } from '../cover/compute.js';
import { startMapsJob } from '../cover/job.js';
import { checkCoverRequest } from '../cover/request.js';
import { stationDirectory } from '../places/stations.js';
import type { ModelManager } from '../registry/manager.js';

/**
 * The maps' part of the façade. Both maps' heavy work runs in the maps worker; cover computations run
 * one at a time (the machine's other core answers dispatchers), each with the model in service when
 * it was asked for.
 */
export class Maps {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dbPath: string,
    private readonly manager: ModelManager,
  ) {}

  async mapBase(): Promise<MapBase> {
    const model = this.manager.service.model;
    const directory = stationDirectory(model.meta);
    const fromHistory = await startMapsJob({ kind: 'mapBase', dbPath: this.dbPath }).done;
    return {
      backdrop: fromHistory.backdrop,
      stations: stationPoints(model.meta.featureSpec.stations, (s) => directory.isServable(s)),
      boundaries: fromHistory.boundaries,
    };
  }

  /** `nearest` overrides the stations scored per cell (measurements only). */
  cover(request: CoverRequest, nearest?: number): Promise<CoverResult> {
    const model = this.manager.service.model;
    const checked = checkCoverRequest(model, parsePayload(CoverPayloadSchema, request));
    const record = this.manager.registry.get(model.id);
    const run = this.chain.then(async () => {
      const output = await startMapsJob({
        kind: 'cover',
        dbPath: this.dbPath,
        modelFile: this.manager.registry.filePath(record),
        modelId: model.id,
        callTimeMs: checked.callTime.getTime(),
        callTimeLabel: checked.callTimeLabel,
        cellMetres: checked.cellMetres,
        without: checked.without,
        ...(nearest !== undefined ? { nearest } : {}),
      }).done;
      // The contract's fields only: how the grid was masked and scored is the benchmark's business.
      const { maskSource: _mask, rowsScored: _rows, ...result } = output;
      return result;
    });
    this.chain = run.catch(() => {});
    return run;
  }
}
