/**
 * The page-side half of the test bridge, served as /bridge.js: window.pumpEta with the preload's exact
 * shape (built by the same createPumpEtaApi), over HTTP and server-sent events instead of IPC.
 */
import { createPumpEtaApi, type Transport } from '../../../../preload/api';
import type {
  FleetEvent,
  InvokeChannel,
  JobEvent,
  MenuEvent,
  ResponseMap,
  Result,
} from '../../../../contract/index.js';

const jobListeners = new Set<(event: JobEvent) => void>();
const menuListeners = new Set<(event: MenuEvent) => void>();
const fleetListeners = new Set<(event: FleetEvent) => void>();

// Requests wait for the event stream, so no job event can be sent before the page listens.
const events = new EventSource('./events');
const ready = new Promise<void>((resolve) =>
  events.addEventListener('ready', () => resolve(), { once: true }),
);
events.addEventListener('job', (message) => {
  const event = JSON.parse((message as MessageEvent<string>).data) as JobEvent;
  for (const listener of jobListeners) listener(event);
});
events.addEventListener('fleet', (message) => {
  const event = JSON.parse((message as MessageEvent<string>).data) as FleetEvent;
  for (const listener of fleetListeners) listener(event);
});
events.addEventListener('menu', (message) => {
  const event = JSON.parse((message as MessageEvent<string>).data) as MenuEvent;
  for (const listener of menuListeners) listener(event);
});

async function post<T>(url: string, body: BodyInit, type: string): Promise<Result<T>> {
  await ready;
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': type }, body });
    return (await response.json()) as Result<T>;
  } catch (error) {
    return {
      ok: false,
      error: `The test bridge did not answer: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

const subscribe =
  <T>(listeners: Set<(value: T) => void>) =>
  (listener: (value: T) => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };

const transport: Transport = {
  invoke: <K extends InvokeChannel>(channel: K, payload: object) =>
    post<ResponseMap[K]>(`./api/${channel}`, JSON.stringify(payload), 'application/json'),
  onJobEvent: subscribe(jobListeners),
  onMenu: subscribe(menuListeners),
  onFleetEvent: subscribe(fleetListeners),
  importFiles: async (files) => {
    // Electron hands main the dropped files' paths; here their bytes go to the bridge, which saves them.
    const paths: string[] = [];
    for (const file of files) {
      const saved = await post<{ path: string }>(
        `./upload?name=${encodeURIComponent(file.name)}`,
        file,
        'application/octet-stream',
      );
      if (!saved.ok) return saved;
      paths.push(saved.value.path);
    }
    return transport.invoke('importFiles', { paths });
  },
};

Object.defineProperty(window, 'pumpEta', { value: createPumpEtaApi(transport), enumerable: true });
