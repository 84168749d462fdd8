import { vi } from 'vitest';
import {
  DEFAULT_SETTINGS,
  type FleetEvent,
  type FleetStatus,
  type JobEvent,
  type MenuEvent,
  type ModelSummary,
  type Prediction,
  type Publication,
  type PumpEtaApi,
  type Result,
} from '../../../contract/index.js';

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: string): Result<never> => ({ ok: false, error });

export function prediction(overrides: Partial<Prediction> = {}): Prediction {
  return {
    station: { code: 'E31', name: 'Millwall' },
    etaSeconds: 312,
    p90Seconds: 425,
    underestimationRisk: false,
    underestimationProbability: 0.08,
    withinTargetProbability: 0.62,
    beyondExperience: false,
    reasons: [],
    targetSeconds: 360,
    meetsTarget: true,
    distanceMetres: 1800,
    modelId: 'abc123def456',
    isDemoModel: false,
    resolvedLocation: { easting: 537800, northing: 179000, stationGround: 'Millwall' },
    ...overrides,
  };
}

export function model(overrides: Partial<ModelSummary> = {}): ModelSummary {
  return {
    id: 'abc123def456',
    status: 'champion',
    isDemo: false,
    createdAt: '2026-11-01T10:00:00Z',
    createdBy: 'officer',
    parentId: null,
    trainedFrom: '2023-01-01',
    trainedTo: '2023-12-31',
    rows: 9000,
    metrics: { mae: 70, p90Coverage: 0.9 },
    forcedPromotion: false,
    rollbackTarget: false,
    ...overrides,
  };
}

export function fleetStatus(overrides: Partial<FleetStatus> = {}): FleetStatus {
  return {
    role: 'off',
    folder: null,
    lastCheckAt: null,
    outcome: 'not-configured',
    message: 'This workstation is not part of a fleet; Model abc123def456 is in service.',
    origin: { kind: 'local' },
    keyFingerprint: null,
    ...overrides,
  };
}

export function publication(overrides: Partial<Publication> = {}): Publication {
  return {
    modelId: 'abc123def456',
    sha256: 'a'.repeat(64),
    publishedAt: '2026-12-03T18:20:00Z',
    publishedBy: "the data officer's workstation",
    user: 'officer',
    previousModelId: null,
    trainedFrom: '2023-01-01',
    trainedTo: '2023-12-31',
    metrics: { mae: 66.7 },
    keyFingerprint: '0123456789abcdef',
    sequence: 1,
    reason: 'promote',
    ...overrides,
  };
}

export type FakeApi = PumpEtaApi & {
  emitJob(event: JobEvent): void;
  emitMenu(event: MenuEvent): void;
  emitFleet(event: FleetEvent): void;
  listenerCount(): number;
};

/** A PumpEtaApi whose every method is a vi.fn with a harmless default; override what a test needs. */
export function fakeApi(overrides: Partial<PumpEtaApi> = {}): FakeApi {
  const jobListeners = new Set<(event: JobEvent) => void>();
  const menuListeners = new Set<(event: MenuEvent) => void>();
  const fleetListeners = new Set<(event: FleetEvent) => void>();
  const api: PumpEtaApi = {
    predict: vi.fn(async () => ok(prediction())),
    rankStations: vi.fn(async () => ok({ stations: [prediction()] })),
    suggest: vi.fn(async () => ok([])),
    stations: vi.fn(async () => ok([{ code: 'E31', name: 'Millwall' }])),
    importFiles: vi.fn(async () => ok({ jobId: 'job-1' })),
    chooseAndImport: vi.fn(async () => ok(null)),
    startTraining: vi.fn(async () => ok({ jobId: 'train-1' })),
    cancelJob: vi.fn(async () => ok(null)),
    listModels: vi.fn(async () => ok([model()])),
    compare: vi.fn(async () => fail('There is no candidate model to compare.')),
    promote: vi.fn(async () => ok(null)),
    rollback: vi.fn(async () => ok(model())),
    dataSummary: vi.fn(async () =>
      ok({
        imports: [],
        counts: {},
        range: { from: null, to: null },
        weather: { hours: 0, firstHour: null, lastHour: null, gaps: 0, sources: [] },
      }),
    ),
    undoImport: vi.fn(async () => fail('not used in this test')),
    importAsPartial: vi.fn(async () => ok({ jobId: 'job-2' })),
    about: vi.fn(async () =>
      ok({
        appVersion: '0.1.0',
        versions: {},
        model: model(),
        databasePath: '/tmp/h.sqlite',
        fleet: {
          settings: DEFAULT_SETTINGS,
          settingsFile: '/tmp/settings.json',
          settingsWarning: null,
          status: fleetStatus(),
        },
        predictionLogRetentionDays: 90,
      }),
    ),
    mapBase: vi.fn(async () => ok({ backdrop: null, stations: [], boundaries: [] })),
    cover: vi.fn(async () => fail('not used in this test')),
    exportCover: vi.fn(async () => ok(null)),
    getSettings: vi.fn(async () => ok(DEFAULT_SETTINGS)),
    saveSettings: vi.fn(async (settings) => ok(settings)),
    fleetStatus: vi.fn(async () => ok(fleetStatus())),
    publications: vi.fn(async () =>
      ok({ folder: null, current: null, history: [], problems: [], otherKey: [], keyChange: null }),
    ),
    publish: vi.fn(async () => fail('not used in this test')),
    syncNow: vi.fn(async () => ok(fleetStatus())),
    onFleetEvent: vi.fn((listener: (event: FleetEvent) => void) => {
      fleetListeners.add(listener);
      return () => void fleetListeners.delete(listener);
    }),
    monitor: vi.fn(async () => fail('not used in this test')),
    exportAudit: vi.fn(async () => ok(null)),
    onJobEvent: vi.fn((listener: (event: JobEvent) => void) => {
      jobListeners.add(listener);
      return () => void jobListeners.delete(listener);
    }),
    onMenu: vi.fn((listener: (event: MenuEvent) => void) => {
      menuListeners.add(listener);
      return () => void menuListeners.delete(listener);
    }),
    ...overrides,
  };
  return {
    ...api,
    emitJob: (event) => jobListeners.forEach((l) => l(event)),
    emitMenu: (event) => menuListeners.forEach((l) => l(event)),
    emitFleet: (event) => fleetListeners.forEach((l) => l(event)),
    listenerCount: () => jobListeners.size + menuListeners.size + fleetListeners.size,
  };
}
