/**
 * Fuzzes every invoke channel of contract/index.ts through the path main uses: the handler setupIpc
 * registers (sender check, then the contract's schema, then the core), here with a real core on a temp
 * database and a stand-in for the `electron` module. Each payload is invalid — wrong types, missing and
 * surplus fields, 1 MB strings, NaN/±Infinity/-0, coordinates outside London, a negative pump order,
 * own `__proto__` keys, arrays for objects — and must come back as a Result with ok: false whose
 * message names the field, with nothing thrown, nothing stored and no job started.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCore } from '../../main/core/app/core.js';
import type { CoreApi } from '../../main/core/app/types.js';
import { mulberry32 } from '../../main/core/util/prng.js';
import { CHANNELS, DEFAULT_SETTINGS, type InvokeChannel, type Result } from '../../contract/index.js';
import { tableCounts } from '../fixtures/db-state.js';
import { real, tempDir } from '../fixtures/lfb-files.js';

const electron = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
  const windows = new Map<unknown, object>();
  return {
    handlers,
    windows,
    dialogCalls: 0,
    module: {
      BrowserWindow: { fromWebContents: (contents: unknown) => windows.get(contents) ?? null },
      dialog: {
        showOpenDialog: async () => {
          electron.dialogCalls++;
          return { canceled: true, filePaths: [] };
        },
      },
      ipcMain: {
        handle: (channel: string, handler: (event: unknown, payload: unknown) => Promise<unknown>) =>
          handlers.set(channel, handler),
      },
    },
  };
});
vi.mock('electron', () => electron.module);
const { setupIpc } = await import('../../main/ipc.js');

const SEED = 20_260_601;
/** Random combinations on top of the systematic cases; the total must reach MIN_PAYLOADS. */
const RANDOM_PAYLOADS = 600;
const MIN_PAYLOADS = 1_000;
/** One sentence a person can read, however large the payload that caused it. */
const MAX_ERROR_CHARS = 1_000;
const MB = 1024 * 1024;
const HUGE = 'x'.repeat(MB);

const INDEX = path.resolve('/opt/pump-eta/dist/renderer/index.html');

type Kind = 'text' | 'query' | 'int' | 'coordinate' | 'iso' | 'bool' | 'paths' | 'location';

interface Field {
  readonly name: string;
  readonly kind: Kind;
  readonly required?: boolean;
  /** Inclusive range of an int field. */
  readonly range?: readonly [number, number];
}

const COORDINATES = { kind: 'coordinates', easting: 530_450, northing: 179_050 };
const INCIDENT = {
  location: COORDINATES,
  callTime: '2024-03-05T10:00:00Z',
  incidentGroup: 'Fire',
  stopCode: 'Primary Fire',
  propertyCategory: 'Dwelling',
  propertyType: 'House',
  addressQualifier: 'Correct incident location',
};
const INCIDENT_FIELDS: readonly Field[] = [
  { name: 'location', kind: 'location', required: true },
  { name: 'callTime', kind: 'iso' },
  { name: 'incidentGroup', kind: 'text' },
  { name: 'stopCode', kind: 'text' },
  { name: 'propertyCategory', kind: 'text' },
  { name: 'propertyType', kind: 'text' },
  { name: 'addressQualifier', kind: 'text' },
];

/** A valid payload per channel (what the renderer would send) and the fields it has. */
const CHANNEL_SPECS: Record<InvokeChannel, { valid: Record<string, unknown>; fields: readonly Field[] }> = {
  predict: {
    valid: { ...INCIDENT, station: 'Lambeth', pumpOrder: 1, deployedFromHome: true },
    fields: [
      ...INCIDENT_FIELDS,
      { name: 'station', kind: 'text' },
      { name: 'pumpOrder', kind: 'int', range: [1, 20] },
      { name: 'deployedFromHome', kind: 'bool' },
    ],
  },
  rankStations: { valid: INCIDENT, fields: INCIDENT_FIELDS },
  suggest: {
    valid: { query: 'mill', limit: 10 },
    fields: [
      { name: 'query', kind: 'query', required: true },
      { name: 'limit', kind: 'int', range: [1, 50] },
    ],
  },
  stations: { valid: {}, fields: [] },
  importFiles: {
    valid: { paths: ['/tmp/a.csv'] },
    fields: [{ name: 'paths', kind: 'paths', required: true }],
  },
  chooseAndImport: { valid: {}, fields: [] },
  startTraining: { valid: { seed: 42 }, fields: [{ name: 'seed', kind: 'int', range: [0, 2 ** 31 - 1] }] },
  cancelJob: { valid: { jobId: 'job-1' }, fields: [{ name: 'jobId', kind: 'text', required: true }] },
  listModels: { valid: {}, fields: [] },
  compare: { valid: { challengerId: 'abc' }, fields: [{ name: 'challengerId', kind: 'text' }] },
  promote: {
    valid: { id: 'abc', force: false },
    fields: [
      { name: 'id', kind: 'text', required: true },
      { name: 'force', kind: 'bool' },
    ],
  },
  rollback: { valid: { id: 'abc' }, fields: [{ name: 'id', kind: 'text' }] },
  dataSummary: { valid: {}, fields: [] },
  undoImport: {
    valid: { id: 3 },
    fields: [{ name: 'id', kind: 'int', range: [1, 2 ** 31 - 1], required: true }],
  },
  importAsPartial: { valid: { retryId: 'r-1' }, fields: [{ name: 'retryId', kind: 'text', required: true }] },
  about: { valid: {}, fields: [] },
  mapBase: { valid: {}, fields: [] },
  monitor: { valid: {}, fields: [] },
  cover: {
    valid: { callTime: '2024-03-05T10:00:00Z', cellMetres: 500, without: ['Lambeth'] },
    fields: [
      { name: 'callTime', kind: 'iso' },
      { name: 'cellMetres', kind: 'int', range: [100, 2000] },
    ],
  },
  exportCover: {
    valid: { callTime: '2024-03-05T10:00:00Z', cellMetres: 500, without: ['Lambeth'], format: 'png' },
    fields: [
      { name: 'callTime', kind: 'iso' },
      { name: 'cellMetres', kind: 'int', range: [100, 2000] },
      { name: 'format', kind: 'text', required: true },
    ],
  },
  getSettings: { valid: {}, fields: [] },
  saveSettings: {
    valid: { ...DEFAULT_SETTINGS },
    fields: [{ name: 'retentionDays', kind: 'int', range: [1, 3650], required: true }],
  },
  fleetStatus: { valid: {}, fields: [] },
  publications: { valid: {}, fields: [] },
  publish: {
    valid: { id: 'abc', newKey: true },
    fields: [
      { name: 'id', kind: 'text' },
      { name: 'newKey', kind: 'bool' },
    ],
  },
  syncNow: { valid: {}, fields: [] },
  exportAudit: {
    valid: { from: '2026-11-01', to: '2026-11-28' },
    fields: [
      { name: 'from', kind: 'text', required: true },
      { name: 'to', kind: 'text', required: true },
    ],
  },
};

/** An object with an own `__proto__` key, as JSON.parse and IPC's structured clone deliver it. */
const withOwnProto = (base: object, proto: unknown) =>
  Object.defineProperty({ ...base }, '__proto__', {
    value: proto,
    enumerable: true,
    writable: true,
    configurable: true,
  });

const NOT_A_STRING: readonly unknown[] = [0, -1, NaN, Infinity, true, null, {}, [], ['text'], { value: 'x' }];
const NOT_A_NUMBER: readonly unknown[] = [
  '1',
  '',
  null,
  true,
  {},
  [],
  [1],
  NaN,
  Infinity,
  -Infinity,
  HUGE,
  { valueOf: 1 },
];

/** Values a field of this kind must refuse (by its schema, or, for coordinates, by the core). */
function invalidValues(field: Field): unknown[] {
  switch (field.kind) {
    case 'text':
      return [...NOT_A_STRING, '', '   ', 'x'.repeat(201), HUGE];
    case 'query':
      return [...NOT_A_STRING, 'x'.repeat(201), HUGE];
    case 'int': {
      const [min, max] = field.range!;
      const below = min > 0 ? [-0, 0, -1, -20] : [-1, -1e9];
      return [...NOT_A_NUMBER, 1.5, min - 0.5, ...below, max + 1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2];
    }
    case 'coordinate':
      // Finite numbers outside London (and -0, 0) pass the schema and are refused by the core.
      return [...NOT_A_NUMBER, -0, 0, -1, 1.5, 1e12, -1e12, Number.MAX_VALUE, Number.MIN_VALUE, 700_000];
    case 'iso':
      return [
        'yesterday',
        '',
        '2024-13-01T00:00:00Z',
        '2024-02-30T10:00:00Z',
        // Without an offset a call time is London wall-clock time (valid); these are not times at all.
        '2024-03-05T10',
        '10:00 tomorrow',
        '2024-03-05T25:00:00Z',
        '2024-03-05T10:00:00+25:00',
        '2024-03-05T10:00:00Zjunk',
        1_709_632_800_000,
        null,
        {},
        [],
        HUGE,
      ];
    case 'bool':
      return ['true', 1, 0, null, {}, [], 'yes'];
    case 'paths':
      return [
        '/tmp/a.csv',
        [],
        [1],
        [''],
        [null],
        ['x'.repeat(4097)],
        Array<string>(21).fill('/tmp/a.csv'),
        { 0: '/tmp/a.csv' },
        null,
        HUGE,
        [HUGE],
        [{ path: '/tmp/a.csv' }],
      ];
    case 'location':
      return [
        null,
        [],
        'SE1',
        {},
        [COORDINATES],
        { kind: 'coordinates' },
        { kind: 'coordinates', easting: 530_450 },
        { kind: 'lat/long', lat: 51.5, lon: -0.12 },
        { kind: '__proto__', value: 'x' },
        { kind: 'constructor', value: 'x' },
        { kind: 'ward' },
        { kind: 'ward', value: '' },
        { kind: 'ward', value: HUGE },
        { kind: 'postcodeDistrict', value: 42 },
        { ...COORDINATES, extra: 1 },
        withOwnProto({ kind: 'ward', value: 'Millwall' }, { kind: 'coordinates', polluted: true }),
        { ...COORDINATES, easting: '530450' },
      ];
  }
}

interface Payload {
  readonly channel: InvokeChannel;
  readonly label: string;
  readonly payload: unknown;
  /** The message must contain one of these: the field (or key) that is wrong. */
  readonly names: readonly string[];
}

const describeValue = (v: unknown): string => {
  if (typeof v === 'string') return v.length > 40 ? `string(${v.length})` : JSON.stringify(v);
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (Array.isArray(v)) return `array(${v.length})`;
  return v === null ? 'null' : typeof v === 'object' ? `object{${Object.keys(v).join(',')}}` : String(v);
};

/** The sub-fields of a coordinates location, fuzzed in place. */
const COORDINATE_FIELDS: readonly Field[] = [
  { name: 'easting', kind: 'coordinate' },
  { name: 'northing', kind: 'coordinate' },
];

type Mutation = {
  readonly label: string;
  readonly apply: (p: Record<string, unknown>) => void;
  readonly name: string;
};

function fieldMutations(channel: InvokeChannel): Mutation[] {
  const { fields } = CHANNEL_SPECS[channel];
  const out: Mutation[] = [];
  for (const field of fields) {
    for (const value of invalidValues(field)) {
      out.push({
        label: `${field.name}=${describeValue(value)}`,
        name: field.name,
        apply: (p) => (p[field.name] = value),
      });
    }
    if (field.required)
      out.push({ label: `no ${field.name}`, name: field.name, apply: (p) => delete p[field.name] });
    if (field.kind === 'location') {
      for (const sub of COORDINATE_FIELDS) {
        for (const value of invalidValues(sub)) {
          out.push({
            label: `location.${sub.name}=${describeValue(value)}`,
            name: sub.name,
            apply: (p) =>
              (p.location = { ...(p.location as object), kind: 'coordinates', [sub.name]: value }),
          });
        }
      }
    }
  }
  for (const key of ['extra', '__proto__', 'constructor', 'prototype', 'toString', 'x'.repeat(300)]) {
    const value = key === '__proto__' ? { polluted: true, isAdmin: true } : 1;
    out.push({
      label: `surplus key ${describeValue(key)}`,
      name: key.length > 40 ? 'Unrecognized key' : key,
      apply: (p) =>
        Object.defineProperty(p, key, { value, enumerable: true, writable: true, configurable: true }),
    });
  }
  return out;
}

const TOP_LEVEL: readonly unknown[] = [
  undefined,
  null,
  0,
  -0,
  NaN,
  Infinity,
  true,
  'predict',
  HUGE,
  [],
  [{}],
  [1, 2, 3],
  new Uint8Array(8),
];

/** Every case: top-level junk, each field mutated on its own, then seeded random combinations. */
function generatePayloads(): Payload[] {
  const out: Payload[] = [];
  const random = mulberry32(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  for (const channel of Object.keys(CHANNEL_SPECS) as InvokeChannel[]) {
    const { valid } = CHANNEL_SPECS[channel];
    for (const value of TOP_LEVEL) {
      out.push({ channel, label: `payload=${describeValue(value)}`, payload: value, names: ['request'] });
    }
    out.push({ channel, label: 'payload=[valid]', payload: [valid], names: ['request'] });
    // The fields only on an own `__proto__` key: nothing may be read through it.
    out.push({
      channel,
      label: 'valid fields under __proto__',
      payload: withOwnProto({}, valid),
      names: ['__proto__', ...CHANNEL_SPECS[channel].fields.filter((f) => f.required).map((f) => f.name)],
    });
    for (const m of fieldMutations(channel)) {
      const payload = structuredClone(valid);
      m.apply(payload);
      out.push({ channel, label: m.label, payload, names: [m.name] });
    }
  }
  const channels = (Object.keys(CHANNEL_SPECS) as InvokeChannel[]).filter(
    (c) => CHANNEL_SPECS[c].fields.length > 0,
  );
  for (let i = 0; i < RANDOM_PAYLOADS; i++) {
    const channel = pick(channels);
    const mutations = fieldMutations(channel);
    const chosen = Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(mutations));
    const payload = structuredClone(CHANNEL_SPECS[channel].valid);
    for (const m of chosen) m.apply(payload);
    out.push({
      channel,
      label: `random #${i}: ${chosen.map((m) => m.label).join(', ')}`,
      payload,
      names: chosen.map((m) => m.name),
    });
  }
  return out;
}

let dir: string;
let cleanup: () => void;
let dbPath: string;
let core: CoreApi;
const sender = { send: vi.fn(), isDestroyed: () => false };
const trustedEvent = { sender, senderFrame: { url: pathToFileURL(INDEX).href, parent: null } };

/** What the app's IPC does with one invoke: the payload crosses as a structured clone. */
async function invoke(channel: InvokeChannel, payload: unknown): Promise<Result<unknown>> {
  const handler = electron.handlers.get(CHANNELS[channel])!;
  return (await handler(
    trustedEvent,
    payload === undefined ? undefined : structuredClone(payload),
  )) as Result<unknown>;
}

async function waitForPredictionLog(rows: number): Promise<void> {
  for (let i = 0; i < 50 && (tableCounts(dbPath).predictions ?? 0) < rows; i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('pump-eta-ipc-fuzz-'));
  dbPath = path.join(dir, 'history.sqlite');
  core = await createCore({ dbPath });
  electron.windows.set(sender, {});
  setupIpc(core, INDEX);
  // Some real history and one logged answer, so "nothing stored" is checked against tables with rows.
  const seeded = core.importFiles([real('incidents-2009-first20.csv'), real('stations.csv')], () => {});
  await seeded.done;
  const answer = await invoke('predict', CHANNEL_SPECS.predict.valid);
  expect(answer.ok).toBe(true);
  await waitForPredictionLog(1);
});
afterAll(async () => {
  await core.close();
  cleanup();
});

describe('IPC fuzzing', () => {
  it('answers every invalid payload on every channel with ok: false naming the field, storing nothing', async () => {
    const payloads = generatePayloads();
    expect(payloads.length).toBeGreaterThanOrEqual(MIN_PAYLOADS);
    expect(new Set(payloads.map((p) => p.channel))).toEqual(new Set(Object.keys(CHANNEL_SPECS)));
    const before = tableCounts(dbPath);
    expect(before.predictions).toBe(1);
    expect(before.incidents).toBe(20);
    sender.send.mockClear();

    let bySchema = 0;
    for (const { channel, label, payload, names } of payloads) {
      const result = await invoke(channel, payload);
      const where = `${channel}: ${label}`;
      expect(result.ok, where).toBe(false);
      if (result.ok) continue;
      if (result.error.startsWith('Invalid request — ')) bySchema++;
      expect(result.error.length, where).toBeLessThanOrEqual(MAX_ERROR_CHARS);
      expect(
        names.some((n) => result.error.includes(n)),
        `${where} → ${result.error}`,
      ).toBe(true);
    }
    console.info(
      `IPC fuzzing: ${payloads.length} invalid payloads over ${Object.keys(CHANNEL_SPECS).length} ` +
        `channels; ${bySchema} refused by the contract's schemas, ${payloads.length - bySchema} by the core`,
    );

    // The prediction log is written a moment after an answer: give any stray entry time to land.
    await new Promise((r) => setTimeout(r, 500));
    expect(tableCounts(dbPath)).toEqual(before);
    expect(sender.send).not.toHaveBeenCalled();
    expect(electron.dialogCalls).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('still answers a valid request afterwards', async () => {
    const answer = await invoke('rankStations', { location: COORDINATES });
    expect(answer.ok).toBe(true);
  });
});
