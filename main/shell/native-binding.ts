/**
 * better-sqlite3 is a V8 addon, so one compiled file cannot serve both Node (tests, CLI) and Electron
 * (the app). node_modules keeps the Node build untouched; scripts/electron-native.mjs compiles a second
 * copy for Electron into ELECTRON_NATIVE_DIR, and Electron's main passes that file to openDatabase as
 * `nativeBinding` (and to workers through ENV_SQLITE_BINDING). Packaging copies the same file into the
 * installer's resources, so `npm test`, `npm start` and electron-builder never overwrite one another.
 */
import path from 'node:path';

/** Relative to the project root; inside node_modules so it is ignored and removed by a clean install. */
export const ELECTRON_NATIVE_DIR = path.join('node_modules', '.cache', 'pump-eta-electron');
export const SQLITE_BINDING_FILE = 'better_sqlite3.node';
/** Where a packaged app finds it: process.resourcesPath/native/better_sqlite3.node (extraResources). */
export const PACKAGED_NATIVE_DIR = 'native';
/** Read by openDatabase in worker threads, which do not share the main thread's options. */
export { ENV_SQLITE_BINDING } from '../core/paths.js';

export function electronSqliteBinding(appPath: string, resourcesPath: string, isPackaged: boolean): string {
  return isPackaged
    ? path.join(resourcesPath, PACKAGED_NATIVE_DIR, SQLITE_BINDING_FILE)
    : path.join(appPath, ELECTRON_NATIVE_DIR, SQLITE_BINDING_FILE);
}
