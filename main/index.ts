/**
 * Electron entry point: wiring only. Each setupX() lives in its own small module; the pure parts they
 * use (security options, CSP, sender check, payload parsing, menu) are in main/shell/ with unit tests.
 */
import { app, dialog } from 'electron';
import { defaultDataDir } from './core/paths.js';
import { setupCore } from './core-host.js';
import { setupFleetEvents, setupIpc } from './ipc.js';
import { setupMenu } from './menu.js';
import { setupSecurity } from './security.js';
import { appLocations } from './shell/security-policy.js';
import { setupWindow } from './window.js';

// The CLI and the app share one data folder (resolved the same way in core/paths.ts). On Windows that is
// %LOCALAPPDATA%, not Electron's default userData in the roaming profile: caches and settings stay local too.
app.setPath('userData', defaultDataDir());
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // A second copy would fight over the database; the first one is brought forward instead.
  app.quit();
} else {
  const locations = appLocations(app.getAppPath(), process.resourcesPath, app.isPackaged);

  app.on('window-all-closed', () => app.quit());

  app
    .whenReady()
    .then(async () => {
      setupSecurity(locations.rendererIndex);
      const core = await setupCore(locations.resourcesDir);
      setupIpc(core, locations.rendererIndex);
      setupFleetEvents(core);
      setupMenu(!app.isPackaged);
      const window = setupWindow(locations.rendererIndex, locations.preload);
      app.on('second-instance', () => {
        if (window.isDestroyed()) return;
        if (window.isMinimized()) window.restore();
        window.focus();
      });
    })
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      dialog.showErrorBox('Pump ETA could not start', message);
      app.exit(1);
    });
}
