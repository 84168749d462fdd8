/**
 * IPC channel names, one place. Part of the contract (contract.ts re-exports everything here); kept free
 * of zod so the sandboxed preload, which needs only the names, does not bundle the schemas.
 */
export const CHANNELS = {
  predict: 'pump-eta:predict',
  rankStations: 'pump-eta:rank-stations',
  suggest: 'pump-eta:suggest',
  stations: 'pump-eta:stations',
  importFiles: 'pump-eta:import-files',
  chooseAndImport: 'pump-eta:choose-and-import',
  startTraining: 'pump-eta:start-training',
  cancelJob: 'pump-eta:cancel-job',
  listModels: 'pump-eta:list-models',
  compare: 'pump-eta:compare',
  promote: 'pump-eta:promote',
  rollback: 'pump-eta:rollback',
  dataSummary: 'pump-eta:data-summary',
  undoImport: 'pump-eta:undo-import',
  importAsPartial: 'pump-eta:import-as-partial',
  about: 'pump-eta:about',
  mapBase: 'pump-eta:map-base',
  cover: 'pump-eta:cover',
  exportCover: 'pump-eta:export-cover',
  exportAudit: 'pump-eta:export-audit',
  jobEvent: 'pump-eta:job-event',
  menu: 'pump-eta:menu',
} as const;

/** Channels main only sends on; every other channel is a request the renderer invokes. */
export type EventChannel = 'jobEvent' | 'menu';
export type InvokeChannel = Exclude<keyof typeof CHANNELS, EventChannel>;
