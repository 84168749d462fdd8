import { describe, expect, it, vi } from 'vitest';
import type { CoreApi } from '../../../main/core/app/types.js';
import {
  createHandlers,
  errorMessage,
  INVOKE_CHANNELS,
  type HandlerContext,
} from '../../../main/shell/handlers.js';
import { CHANNELS, REQUEST_SCHEMAS, type JobEvent } from '../../../contract/index.js';

function fakeCore(overrides: Partial<CoreApi> = {}): CoreApi {
  const fail = () => {
    throw new Error('not used in this test');
  };
  return {
    predict: vi.fn(fail),
    rankStations: vi.fn(fail),
    suggest: vi.fn(() => []),
    stations: vi.fn(() => []),
    importFiles: vi.fn(fail),
    startTraining: vi.fn(fail),
    cancelJob: vi.fn(),
    listModels: vi.fn(() => []),
    compare: vi.fn(fail),
    promote: vi.fn(fail),
    rollback: vi.fn(fail),
    dataSummary: vi.fn(fail),
    undoImport: vi.fn(fail),
    importAsPartial: vi.fn(fail),
    about: vi.fn(fail),
    mapBase: vi.fn(fail),
    cover: vi.fn(fail),
    exportCover: vi.fn(fail),
    settings: vi.fn(fail),
    saveSettings: vi.fn(fail),
    fleetStatus: vi.fn(fail),
    publications: vi.fn(fail),
    publish: vi.fn(fail),
    syncNow: vi.fn(fail),
    onFleetEvent: vi.fn(() => () => undefined),
    monitor: vi.fn(fail),
    exportAudit: vi.fn(fail),
    close: vi.fn(async () => undefined),
    ...overrides,
  };
}

const context = (events: JobEvent[] = []): HandlerContext => ({ emit: (e) => events.push(e) });
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('createHandlers', () => {
  it('has one handler per invoke channel and a schema for each', () => {
    const handlers = createHandlers(fakeCore());
    const invokable = Object.keys(CHANNELS).filter((c) => !['jobEvent', 'menu', 'fleetEvent'].includes(c));
    expect([...INVOKE_CHANNELS].sort()).toEqual(invokable.sort());
    expect(Object.keys(handlers).sort()).toEqual(invokable.sort());
    expect(Object.keys(REQUEST_SCHEMAS).sort()).toEqual(invokable.sort());
  });

  it('refuses a malformed payload before the core sees it, naming the field', async () => {
    const core = fakeCore();
    const handlers = createHandlers(core);
    const result = await handlers.predict(
      { location: { kind: 'coordinates', easting: 'x', northing: 1 } },
      context(),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/location\.easting: easting must be a (finite )?number/);
    expect(core.predict).not.toHaveBeenCalled();
    const notObject = await handlers.promote('abc', context());
    expect(notObject.ok).toBe(false);
  });

  it('applies schema defaults and passes the parsed request on', async () => {
    const core = fakeCore({
      suggest: vi.fn(() => [{ kind: 'ward' as const, value: 'Millwall', stationGround: 'Millwall' }]),
    });
    const result = await createHandlers(core).suggest({ query: 'mill' }, context());
    expect(result).toEqual({
      ok: true,
      value: [{ kind: 'ward', value: 'Millwall', stationGround: 'Millwall' }],
    });
    expect(core.suggest).toHaveBeenCalledWith('mill', 10);
  });

  it('turns the core’s errors into the message shown to the person', async () => {
    const core = fakeCore({
      startTraining: vi.fn(() => {
        throw new Error('A retrain is already running: wait for it to finish or cancel it.');
      }),
    });
    expect(await createHandlers(core).startTraining({}, context())).toEqual({
      ok: false,
      error: 'A retrain is already running: wait for it to finish or cancel it.',
    });
  });

  it('forwards job events and leaves the ending to the core', async () => {
    let reject!: (e: Error) => void;
    const done = new Promise<never>((_, r) => (reject = r));
    const core = fakeCore({
      importFiles: vi.fn((_paths, onEvent) => {
        onEvent({
          type: 'progress',
          jobId: 'j1',
          kind: 'import',
          phase: 'reading',
          done: 1,
          total: 2,
          file: 'a.csv',
          rows: 1,
        });
        return { jobId: 'j1', done };
      }),
    });
    const events: JobEvent[] = [];
    const result = await createHandlers(core).importFiles({ paths: ['/data/a.csv'] }, context(events));
    expect(result).toEqual({ ok: true, value: { jobId: 'j1' } });
    // The core sends the ending itself; a promise settling is not a second one (and is not unhandled).
    reject(new Error('The file a.csv could not be read: permission denied.'));
    await tick();
    expect(events.map((e) => e.type)).toEqual(['progress']);
  });

  it('does not repeat an outcome the core already reported', async () => {
    const summary = { id: 'm1' };
    const core = fakeCore({
      startTraining: vi.fn((_seed, onEvent) => {
        const done = Promise.resolve(summary).then((s) => {
          onEvent({ type: 'done', jobId: 't1', kind: 'training', result: s });
          return s;
        });
        return { jobId: 't1', done } as unknown as ReturnType<CoreApi['startTraining']>;
      }),
    });
    const events: JobEvent[] = [];
    await createHandlers(core).startTraining({ seed: 7 }, context(events));
    await tick();
    expect(core.startTraining).toHaveBeenCalledWith(7, expect.any(Function));
    expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
  });

  it('imports what the dialog returns, and nothing when it is cancelled', async () => {
    const core = fakeCore({
      importFiles: vi.fn(() => ({ jobId: 'j2', done: new Promise<never>(() => undefined) })),
    });
    const handlers = createHandlers(core);
    expect(await handlers.chooseAndImport({}, { ...context(), chooseFiles: async () => null })).toEqual({
      ok: true,
      value: null,
    });
    expect(core.importFiles).not.toHaveBeenCalled();
    expect(
      await handlers.chooseAndImport({}, { ...context(), chooseFiles: async () => ['/d/x.xlsx'] }),
    ).toEqual({ ok: true, value: { jobId: 'j2' } });
    expect(core.importFiles).toHaveBeenCalledWith(['/d/x.xlsx'], expect.any(Function));
    const noDialog = await handlers.chooseAndImport({}, context());
    expect(noDialog.ok).toBe(false);
  });

  it('limits how many files one import may name', async () => {
    const result = await createHandlers(fakeCore()).importFiles(
      { paths: Array.from({ length: 21 }, (_, i) => `/f${i}.csv`) },
      context(),
    );
    expect(result).toMatchObject({ ok: false });
  });
});

describe('errorMessage', () => {
  it('never returns an empty or object-ish message', () => {
    expect(errorMessage(new Error('Disk full'))).toBe('Disk full');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage({})).toMatch(/no reason was given/);
    expect(errorMessage(new Error(''))).toMatch(/no reason was given/);
  });
});
