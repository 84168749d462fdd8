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
  monitor: 'pump-eta:monitor',
  exportAudit: 'pump-eta:export-audit',
  jobEvent: 'pump-eta:job-event',
  menu: 'pump-eta:menu',
  getSettings: 'pump-eta:get-settings',
  saveSettings: 'pump-eta:save-settings',
  fleetStatus: 'pump-eta:fleet-status',
  publications: 'pump-eta:publications',
  publish: 'pump-eta:publish',
  syncNow: 'pump-eta:sync-now',
  fleetEvent: 'pump-eta:fleet-event',
} as const;

/** Channels main only sends on; every other channel is a request the renderer invokes. */
export type EventChannel = 'jobEvent' | 'menu' | 'fleetEvent';
export type InvokeChannel = Exclude<keyof typeof CHANNELS, EventChannel>;
