/**
 * Builds the PumpEtaApi the page sees from a transport. The Electron preload's transport is IPC; the
 * end-to-end test bridge's is HTTP. Both shape requests here, so the tests exercise the same code.
 * Type-only imports: this file adds nothing to the preload bundle but itself.
 */
import type {
  FleetEvent,
  InvokeChannel,
  JobEvent,
  MenuEvent,
  PumpEtaApi,
  ResponseMap,
  Result,
} from '../contract/index.js';

export interface Transport {
  invoke<K extends InvokeChannel>(channel: K, payload: object): Promise<Result<ResponseMap[K]>>;
  onJobEvent(listener: (event: JobEvent) => void): () => void;
  onMenu(listener: (event: MenuEvent) => void): () => void;
  onFleetEvent(listener: (event: FleetEvent) => void): () => void;
  /** Hands dropped files to main as something it can read (paths in Electron, uploads in the bridge). */
  importFiles(files: readonly File[]): Promise<Result<{ jobId: string }>>;
}

export function createPumpEtaApi(transport: Transport): PumpEtaApi {
  const invoke = <K extends InvokeChannel>(channel: K, payload: object = {}) =>
    transport.invoke(channel, payload);
  return {
    predict: (request) => invoke('predict', request),
    rankStations: (incident) => invoke('rankStations', incident),
    suggest: (query, limit) => invoke('suggest', limit === undefined ? { query } : { query, limit }),
    stations: () => invoke('stations'),
    importFiles: (files) => transport.importFiles(files),
    chooseAndImport: () => invoke('chooseAndImport'),
    startTraining: (seed) => invoke('startTraining', seed === undefined ? {} : { seed }),
    cancelJob: (jobId) => invoke('cancelJob', { jobId }),
    listModels: () => invoke('listModels'),
    compare: (challengerId) => invoke('compare', challengerId === undefined ? {} : { challengerId }),
    promote: (id, force) => invoke('promote', { id, force: force ?? false }),
    rollback: (id) => invoke('rollback', id === undefined ? {} : { id }),
    dataSummary: () => invoke('dataSummary'),
    undoImport: (id) => invoke('undoImport', { id }),
    importAsPartial: (retryId) => invoke('importAsPartial', { retryId }),
    about: () => invoke('about'),
    mapBase: () => invoke('mapBase'),
    cover: (request) => invoke('cover', request),
    exportCover: (request) => invoke('exportCover', request),
    getSettings: () => invoke('getSettings'),
    saveSettings: (settings) => invoke('saveSettings', settings),
    fleetStatus: () => invoke('fleetStatus'),
    publications: () => invoke('publications'),
    publish: (id, options) =>
      invoke('publish', {
        ...(id === undefined ? {} : { id }),
        ...(options?.newKey ? { newKey: true } : {}),
      }),
    syncNow: () => invoke('syncNow'),
    monitor: () => invoke('monitor'),
    exportAudit: (request) => invoke('exportAudit', request),
    onJobEvent: (listener) => transport.onJobEvent(listener),
    onMenu: (listener) => transport.onMenu(listener),
    onFleetEvent: (listener) => transport.onFleetEvent(listener),
  };
}
