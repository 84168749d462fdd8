import fs from 'node:fs';
import { app } from 'electron';
import { utilityProcessSpawner } from './background-process.js';
import { createCore } from './core/app/core.js';
import type { CoreApi } from './core/app/types.js';
import { dataDirNote, resolveDbPath } from './core/paths.js';
import { setBackgroundSpawner } from './core/workers/background.js';
import { electronSqliteBinding, ENV_SQLITE_BINDING } from './shell/native-binding.js';

/**
 * Starts the core inside Electron: the database in the user-data folder (or $PUMP_ETA_DB), the demo model
 * and calendars from resources/, and better-sqlite3 compiled for Electron rather than Node.
 */
export async function setupCore(resourcesDir: string): Promise<CoreApi> {
  const nativeBinding = electronSqliteBinding(app.getAppPath(), process.resourcesPath, app.isPackaged);
  if (!fs.existsSync(nativeBinding)) {
    throw new Error(
      `The database driver built for Electron is missing (${nativeBinding}). ` +
        (app.isPackaged ? 'Reinstall Pump ETA.' : 'Run `npm start`, which builds it once.'),
    );
  }
  // Worker threads open the database themselves and inherit the environment, not these options.
  process.env[ENV_SQLITE_BINDING] = nativeBinding;
  // Where import and training run in a child process (workers/background.ts), it is a utility process.
  setBackgroundSpawner(utilityProcessSpawner);
  const dbPath = resolveDbPath(undefined, process.env);
  const core = await createCore({
    dbPath,
    databaseNote: dataDirNote(undefined, process.env),
    resourcesDir,
    nativeBinding,
    // The app follows the shared folder by itself: at start-up, on folder events, every few minutes.
    fleet: 'watch',
    appVersion: app.getVersion(),
    versions: {
      electron: process.versions.electron,
      chrome: process.versions.chrome,
      v8: process.versions.v8,
    },
  });
  let closing = false;
  app.on('will-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    core.close().finally(() => app.quit());
  });
  return core;
}
