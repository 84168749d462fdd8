import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { pathToFileURL } from 'node:url';
import type { CoreApi } from './core/app/types.js';
import { CHANNELS, type JobEvent, type Result } from '../contract/index.js';
import { createHandlers, INVOKE_CHANNELS, type HandlerContext, type SaveKind } from './shell/handlers.js';
import { isTrustedSender, UNTRUSTED_SENDER_MESSAGE } from './shell/sender.js';

const IMPORT_FILTERS = [
  { name: 'LFB data (Excel, CSV), boundaries (GeoJSON)', extensions: ['xlsx', 'csv', 'geojson', 'json'] },
  { name: 'All files', extensions: ['*'] },
];

const SAVE_DIALOGS: Record<SaveKind, { title: string; filter: { name: string; extensions: string[] } }> = {
  png: { title: 'Save the cover map', filter: { name: 'PNG image', extensions: ['png'] } },
  csv: { title: 'Save the cover grid', filter: { name: 'CSV (one row per cell)', extensions: ['csv'] } },
  audit: {
    title: 'Save the prediction log for audit',
    filter: { name: 'CSV (one row per answer)', extensions: ['csv'] },
  },
};

function contextFor(event: IpcMainInvokeEvent): HandlerContext {
  const sender = event.sender;
  return {
    // Job events go back to the window that started the job, and only while it exists.
    emit: (jobEvent: JobEvent) => {
      if (!sender.isDestroyed()) sender.send(CHANNELS.jobEvent, jobEvent);
    },
    chooseSaveFile: async (suggestedName, kind) => {
      const owner = BrowserWindow.fromWebContents(sender);
      const options = {
        title: SAVE_DIALOGS[kind].title,
        defaultPath: suggestedName,
        filters: [SAVE_DIALOGS[kind].filter],
      };
      const chosen = owner
        ? await dialog.showSaveDialog(owner, options)
        : await dialog.showSaveDialog(options);
      return chosen.canceled || !chosen.filePath ? null : chosen.filePath;
    },
    chooseFiles: async () => {
      const owner = BrowserWindow.fromWebContents(sender);
      const options = {
        title: 'Import LFB files',
        properties: ['openFile', 'multiSelections'] as const,
        filters: IMPORT_FILTERS,
      };
      const chosen = owner
        ? await dialog.showOpenDialog(owner, { ...options, properties: [...options.properties] })
        : await dialog.showOpenDialog({ ...options, properties: [...options.properties] });
      return chosen.canceled ? null : chosen.filePaths;
    },
  };
}

/**
 * Fleet status changes (a model swapped in, a refusal, the share gone or back) go to every window:
 * the header of each shows the model in service and where it came from.
 */
export function setupFleetEvents(core: CoreApi): () => void {
  return core.onFleetEvent((event) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed()) window.webContents.send(CHANNELS.fleetEvent, event);
    }
  });
}

/** One handler per invoke channel: sender checked first, then the payload parsed, then the core called. */
export function setupIpc(core: CoreApi, rendererIndex: string): void {
  const indexUrl = pathToFileURL(rendererIndex).href;
  const handlers = createHandlers(core);
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(CHANNELS[channel], async (event, payload: unknown): Promise<Result<unknown>> => {
      const frame = event.senderFrame;
      const trusted =
        frame !== null &&
        BrowserWindow.fromWebContents(event.sender) !== null &&
        isTrustedSender({ url: frame.url, isTopFrame: frame.parent === null }, indexUrl);
      if (!trusted) return { ok: false, error: UNTRUSTED_SENDER_MESSAGE };
      return handlers[channel](payload, contextFor(event));
    });
  }
}
