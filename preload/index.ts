/**
 * The only bridge between the sandboxed page and the main process. It exposes intents — never
 * ipcRenderer itself — and every subscription returns its unsubscribe. Bundled to one CJS file by
 * scripts/build.mjs because a sandboxed preload cannot require relative modules.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { createPumpEtaApi } from './api.js';
import { CHANNELS } from '../contract/channels.js';
import type { EventChannel, InvokeChannel, PumpEtaApi, ResponseMap, Result } from '../contract/index.js';

function subscribe<T>(channel: EventChannel, listener: (value: T) => void): () => void {
  const wrapped = (_event: IpcRendererEvent, value: T) => listener(value);
  ipcRenderer.on(CHANNELS[channel], wrapped);
  return () => {
    ipcRenderer.removeListener(CHANNELS[channel], wrapped);
  };
}

const api: PumpEtaApi = createPumpEtaApi({
  invoke: <K extends InvokeChannel>(channel: K, payload: object) =>
    ipcRenderer.invoke(CHANNELS[channel], payload) as Promise<Result<ResponseMap[K]>>,
  onJobEvent: (listener) => subscribe('jobEvent', listener),
  onMenu: (listener) => subscribe('menu', listener),
  onFleetEvent: (listener) => subscribe('fleetEvent', listener),
  importFiles: async (files) => {
    // Only files the person dropped or chose have a path; the page cannot name any other file.
    const paths = files.map((file) => webUtils.getPathForFile(file));
    if (paths.length === 0 || paths.some((p) => !p)) {
      return {
        ok: false,
        error:
          'Only files saved on this computer can be imported: save the attachment to a folder first, then drop it here.',
      };
    }
    return ipcRenderer.invoke(CHANNELS.importFiles, { paths }) as Promise<Result<{ jobId: string }>>;
  },
});

contextBridge.exposeInMainWorld('pumpEta', api);
