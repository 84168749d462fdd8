import { BrowserWindow } from 'electron';
import { windowOptions } from './shell/security-policy.js';

/** Opens the app window on dist/renderer/index.html, shown once painted to avoid a blank flash. */
export function setupWindow(rendererIndex: string, preload: string): BrowserWindow {
  const window = new BrowserWindow(windowOptions(preload));
  window.once('ready-to-show', () => window.show());
  window.webContents.on('render-process-gone', (_event, details) => {
    console.error(`pump-eta: the window's renderer stopped (${details.reason}); reloading`);
    if (!window.isDestroyed()) void window.loadFile(rendererIndex);
  });
  void window.loadFile(rendererIndex);
  return window;
}
