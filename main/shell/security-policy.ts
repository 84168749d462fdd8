/**
 * The renderer's security settings as plain data, so they are unit-tested without Electron: the window's
 * webPreferences, the Content-Security-Policy the page carries, and which requests the session lets through.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { packagedResourcesDir } from '../core/paths.js';

/**
 * The CSP of renderer/index.html (a test keeps the two identical). Nothing inline, nothing remote:
 * scripts, styles and fonts come from the app's own files; images may also be data: URLs (chart exports).
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    devTools: true,
  };
}

/** 1366×768 is the control room's smallest screen; the window never shrinks below what stays legible. */
export const WINDOW_SIZE = { width: 1366, height: 768, minWidth: 1024, minHeight: 640 } as const;

/** Calm dark background so the window does not flash white in a dim room before the page paints. */
export const WINDOW_BACKGROUND = '#14181d';

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    ...WINDOW_SIZE,
    title: 'Pump ETA',
    show: false,
    backgroundColor: WINDOW_BACKGROUND,
    autoHideMenuBar: false,
    webPreferences: secureWebPreferences(preloadPath),
  };
}

export interface AppLocations {
  /** dist/renderer/index.html */
  readonly rendererIndex: string;
  /** dist/preload/index.cjs */
  readonly preload: string;
  /** The demo model and calendars (extraResources when packaged). */
  readonly resourcesDir: string;
}

/** Where the built app's files are, in a checkout (`npm start`) and in an installed app. */
export function appLocations(appPath: string, resourcesPath: string, isPackaged: boolean): AppLocations {
  return {
    rendererIndex: path.join(appPath, 'dist', 'renderer', 'index.html'),
    preload: path.join(appPath, 'dist', 'preload', 'index.cjs'),
    resourcesDir: isPackaged ? packagedResourcesDir(resourcesPath) : path.join(appPath, 'resources'),
  };
}

/** The file: URL directory the renderer may load from (with a trailing slash). */
export function rendererRootUrl(rendererIndex: string): string {
  return pathToFileURL(path.dirname(rendererIndex) + path.sep).href;
}

/**
 * The session's request filter: the app's own files and the developer tools, nothing else. The app is
 * offline by design, so any other request (http, https, ws, a file outside the renderer folder) is a bug
 * or an attack and is cancelled.
 */
export function isAllowedRequest(url: string, rendererRoot: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  switch (parsed.protocol) {
    case 'file:':
      return isInside(parsed, rendererRoot);
    case 'devtools:':
    case 'data:':
      return true;
    default:
      return false;
  }
}

const WINDOWS_DRIVE = /^\/[A-Za-z]:\//;
const PARENT_SEGMENT = /(^|[\\/])\.\.([\\/]|$)/;

function isInside(url: URL, rootUrl: string): boolean {
  const root = new URL(rootUrl);
  // Normalise through URL so `..` segments and percent-encoding cannot escape the folder.
  let target = decodeURIComponent(url.pathname);
  let base = decodeURIComponent(root.pathname.endsWith('/') ? root.pathname : root.pathname + '/');
  // Windows paths (/C:/…) are case-insensitive and Chromium may report another drive-letter case.
  if (WINDOWS_DRIVE.test(base)) {
    target = target.toLowerCase();
    base = base.toLowerCase();
  }
  // An encoded separator (%2F, %5C) could hide a `..` from the URL parser: refuse any that survives decoding.
  if (PARENT_SEGMENT.test(target)) return false;
  return url.host === root.host && target.startsWith(base);
}
