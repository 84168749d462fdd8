/**
 * The Electron-importing modules, run against a stand-in for the `electron` module (no Electron binary
 * can run here): the window gets the secure options, the session blocks outside requests and permissions,
 * the menu sends to the focused window, and every IPC handler checks its sender before parsing.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CoreApi } from '../../../main/core/app/types.js';
import { CHANNELS, type FleetEvent } from '../../../contract/index.js';

const electron = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
  const appListeners = new Map<string, (...args: unknown[]) => void>();
  const windows: {
    options: unknown;
    loaded: string[];
    webContents: { send: ReturnType<typeof vi.fn>; on: ReturnType<typeof vi.fn> };
  }[] = [];
  const session = {
    beforeRequest: null as
      null | ((details: { url: string }, callback: (response: { cancel: boolean }) => void) => void),
    permissionRequest: null as
      null | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void),
    permissionCheck: null as null | (() => boolean),
  };
  let menuTemplate: unknown[] = [];
  class BrowserWindow {
    static focused: BrowserWindow | null = null;
    static byContents = new Map<unknown, BrowserWindow>();
    webContents = { send: vi.fn(), on: vi.fn() };
    loaded: string[] = [];
    constructor(readonly options: unknown) {
      windows.push(this as never);
    }
    once() {}
    isDestroyed() {
      return false;
    }
    loadFile(file: string) {
      this.loaded.push(file);
      return Promise.resolve();
    }
    static getFocusedWindow() {
      return BrowserWindow.focused;
    }
    static getAllWindows() {
      return windows;
    }
    static fromWebContents(contents: unknown) {
      return BrowserWindow.byContents.get(contents) ?? null;
    }
  }
  return {
    handlers,
    appListeners,
    windows,
    session,
    getMenu: () => menuTemplate,
    module: {
      app: { on: (name: string, listener: (...args: unknown[]) => void) => appListeners.set(name, listener) },
      BrowserWindow,
      dialog: {
        showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/data/Incidents.xlsx'] })),
      },
      ipcMain: {
        handle: (channel: string, handler: (event: unknown, payload: unknown) => Promise<unknown>) =>
          handlers.set(channel, handler),
      },
      Menu: {
        buildFromTemplate: (template: unknown[]) => {
          menuTemplate = template;
          return template;
        },
        setApplicationMenu: vi.fn(),
      },
      session: {
        defaultSession: {
          webRequest: {
            onBeforeRequest: (listener: typeof session.beforeRequest) => (session.beforeRequest = listener),
          },
          setPermissionRequestHandler: (handler: typeof session.permissionRequest) =>
            (session.permissionRequest = handler),
          setPermissionCheckHandler: (handler: typeof session.permissionCheck) =>
            (session.permissionCheck = handler),
        },
      },
    },
  };
});

vi.mock('electron', () => electron.module);

const { setupFleetEvents, setupIpc } = await import('../../../main/ipc.js');
const { setupMenu } = await import('../../../main/menu.js');
const { setupSecurity } = await import('../../../main/security.js');
const { setupWindow } = await import('../../../main/window.js');
const { secureWebPreferences } = await import('../../../main/shell/security-policy.js');

const INDEX = path.resolve('/opt/pump-eta/dist/renderer/index.html');
const INDEX_URL = pathToFileURL(INDEX).href;

function fakeCore(): CoreApi {
  return {
    predict: vi.fn(),
    rankStations: vi.fn(),
    suggest: vi.fn(() => [{ kind: 'ward' as const, value: 'Millwall', stationGround: 'Millwall' }]),
    stations: vi.fn(() => []),
    importFiles: vi.fn(() => ({ jobId: 'j1', done: new Promise<never>(() => undefined) })),
    startTraining: vi.fn(),
    cancelJob: vi.fn(),
    listModels: vi.fn(() => []),
    compare: vi.fn(),
    promote: vi.fn(),
    rollback: vi.fn(),
    dataSummary: vi.fn(),
    about: vi.fn(),
    close: vi.fn(),
  } as unknown as CoreApi;
}

describe('setupWindow', () => {
  it('opens the built page in a window with the secure preferences', () => {
    setupWindow(INDEX, '/opt/pump-eta/dist/preload/index.cjs');
    const window = electron.windows.at(-1)!;
    expect((window.options as { webPreferences: unknown }).webPreferences).toEqual(
      secureWebPreferences('/opt/pump-eta/dist/preload/index.cjs'),
    );
    expect(window.loaded).toEqual([INDEX]);
  });
});

describe('setupSecurity', () => {
  beforeEach(() => setupSecurity(INDEX));

  it('cancels requests that leave the app and grants no permission', () => {
    const decide = (url: string) => {
      let cancel: boolean | undefined;
      electron.session.beforeRequest!({ url }, (response) => (cancel = response.cancel));
      return cancel;
    };
    expect(decide(INDEX_URL)).toBe(false);
    expect(decide('https://example.com/')).toBe(true);
    expect(decide('file:///etc/passwd')).toBe(true);
    let granted: boolean | undefined;
    electron.session.permissionRequest!({}, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
    expect(electron.session.permissionCheck!()).toBe(false);
  });

  it('stops every page from navigating, redirecting, opening windows or attaching webviews', () => {
    const on = new Map<string, (event: { preventDefault(): void }) => void>();
    let openHandler: (() => { action: string }) | undefined;
    electron.appListeners.get('web-contents-created')!(
      {},
      {
        on: (name: string, listener: (event: { preventDefault(): void }) => void) => on.set(name, listener),
        setWindowOpenHandler: (handler: () => { action: string }) => (openHandler = handler),
      },
    );
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = { preventDefault: vi.fn() };
      on.get(name)!(event);
      expect(event.preventDefault, name).toHaveBeenCalled();
    }
    expect(openHandler!()).toEqual({ action: 'deny' });
  });
});

describe('setupMenu', () => {
  it('sends menu items to the focused window', () => {
    setupMenu(false);
    const window = new electron.module.BrowserWindow({});
    electron.module.BrowserWindow.focused = window as never;
    const model = (
      electron.getMenu() as { label: string; submenu: { label?: string; click?: () => void }[] }[]
    ).find((m) => m.label === 'Model')!;
    model.submenu.find((item) => item.label === 'Retrain')!.click!();
    expect(window.webContents.send).toHaveBeenCalledWith(CHANNELS.menu, {
      type: 'command',
      command: 'retrain',
    });
  });
});

describe('setupFleetEvents', () => {
  it('sends every fleet status change to every window, and stops when unsubscribed', () => {
    let listener: ((event: FleetEvent) => void) | null = null;
    const core = {
      onFleetEvent: vi.fn((l: (event: FleetEvent) => void) => ((listener = l), () => (listener = null))),
    };
    const windows = [new electron.module.BrowserWindow({}), new electron.module.BrowserWindow({})];
    const stop = setupFleetEvents(core as unknown as CoreApi);
    const event = { type: 'fleet-status', status: { outcome: 'updated' } } as unknown as FleetEvent;
    listener!(event);
    for (const w of windows) expect(w.webContents.send).toHaveBeenCalledWith(CHANNELS.fleetEvent, event);
    stop();
    expect(listener).toBeNull();
  });
});

describe('setupIpc', () => {
  const core = fakeCore();
  setupIpc(core, INDEX);
  const sender = { send: vi.fn(), isDestroyed: () => false };
  const owner = new electron.module.BrowserWindow({});
  electron.module.BrowserWindow.byContents.set(sender, owner);
  const event = (url: string, parent: unknown = null, from: unknown = sender) => ({
    sender: from,
    senderFrame: { url, parent },
  });

  it('registers a handler for every invoke channel', () => {
    const invokable = Object.entries(CHANNELS)
      .filter(([name]) => !['jobEvent', 'menu', 'fleetEvent'].includes(name))
      .map(([, channel]) => channel);
    expect([...electron.handlers.keys()].sort()).toEqual(invokable.sort());
  });

  it('answers our page and refuses any other sender before parsing', async () => {
    const suggest = electron.handlers.get(CHANNELS.suggest)!;
    expect(await suggest(event(INDEX_URL), { query: 'mill' })).toEqual({
      ok: true,
      value: [{ kind: 'ward', value: 'Millwall', stationGround: 'Millwall' }],
    });
    for (const untrusted of [
      event('https://example.com/'),
      event(INDEX_URL, { url: INDEX_URL }),
      event(INDEX_URL, null, { send: vi.fn(), isDestroyed: () => false }),
      { sender, senderFrame: null },
    ]) {
      const result = (await suggest(untrusted, { query: 'mill' })) as { ok: boolean; error: string };
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(/did not come from the Pump ETA window/);
    }
    expect(core.suggest).toHaveBeenCalledTimes(1);
  });

  it('sends job events back to the window that started the job', async () => {
    vi.mocked(core.importFiles).mockImplementationOnce((_paths, onEvent) => {
      onEvent({
        type: 'progress',
        jobId: 'j1',
        kind: 'import',
        phase: 'reading',
        file: 'Incidents.xlsx',
        rows: 1,
        done: 1,
        total: 2,
      });
      return { jobId: 'j1', done: new Promise<never>(() => undefined) };
    });
    const result = await electron.handlers.get(CHANNELS.chooseAndImport)!(event(INDEX_URL), {});
    expect(result).toEqual({ ok: true, value: { jobId: 'j1' } });
    expect(core.importFiles).toHaveBeenCalledWith(['/data/Incidents.xlsx'], expect.any(Function));
    expect(sender.send).toHaveBeenCalledWith(
      CHANNELS.jobEvent,
      expect.objectContaining({ jobId: 'j1', type: 'progress' }),
    );
  });
});
