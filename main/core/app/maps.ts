import type { CoverExportFormat, CoverRequest, CoverResult, MapBase } from '../../../contract/index.js';
import { CoverPayloadSchema, parsePayload } from '../../../contract/index.js';
import { stationPoints } from '../cover/compute.js';
import { MapsThread } from '../cover/job.js';
import { checkCoverRequest } from '../cover/request.js';
import { coverFileName, writeCoverFile } from '../cover/render.js';
import { stationDirectory } from '../places/stations.js';
import type { ModelManager } from '../registry/manager.js';

/**
 * The maps' part of the façade. A request is checked here, at once (a station name or a call time
 * the model does not know is answered without waiting), then computed on the maps thread with the
 * model in service when it was asked for.
 */
export class Maps {
  private readonly thread: MapsThread;

  constructor(
    dbPath: string,
    private readonly manager: ModelManager,
  ) {
    this.thread = new MapsThread(dbPath);
  }

  async mapBase(): Promise<MapBase> {
    const model = this.manager.service.model;
    const directory = stationDirectory(model.meta);
    const fromHistory = await this.thread.mapBase({ file: this.modelFile(model.id), id: model.id });
    return {
      backdrop: fromHistory.backdrop,
      stations: stationPoints(model.meta.featureSpec.stations, (s) => directory.isServable(s)),
      boundaries: fromHistory.boundaries,
    };
  }

  /** `nearest` overrides the stations scored per cell (measurements only). */
  async cover(request: CoverRequest, nearest?: number): Promise<CoverResult> {
    const output = await this.coverWithDetails(request, nearest);
    // The contract's fields only: how the grid was masked and scored is for measurements.
    const { maskSource: _mask, rowsScored: _rows, ...result } = output;
    return result;
  }

  async exportCover(
    request: CoverRequest,
    format: CoverExportFormat,
    chooseFile: (suggestedName: string) => Promise<string | null>,
  ): Promise<{ file: string } | null> {
    const model = this.manager.service.model;
    const { callTime, cellMetres, without } = checkCoverRequest(
      model,
      parsePayload(CoverPayloadSchema, request),
    );
    const cover = await this.cover(request);
    const file = await chooseFile(coverFileName(callTime, format, cellMetres, without));
    if (file === null) return null;
    writeCoverFile(cover, format, file);
    return { file };
  }

  /** The cover with how its grid was masked and how many rows were scored. */
  coverWithDetails(request: CoverRequest, nearest?: number) {
    const model = this.manager.service.model;
    const checked = checkCoverRequest(model, parsePayload(CoverPayloadSchema, request));
    return this.thread.cover({
      kind: 'cover',
      modelFile: this.modelFile(model.id),
      modelId: model.id,
      callTimeMs: checked.callTime.getTime(),
      callTimeLabel: checked.callTimeLabel,
      cellMetres: checked.cellMetres,
      without: checked.without,
      ...(nearest !== undefined ? { nearest } : {}),
    });
  }

  close(): Promise<void> {
    return this.thread.close();
  }

  private modelFile(id: string): string {
    return this.manager.registry.filePath(this.manager.registry.get(id));
  }
}
