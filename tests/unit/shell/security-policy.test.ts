import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  appLocations,
  isAllowedRequest,
  RENDERER_CSP,
  rendererRootUrl,
  secureWebPreferences,
  windowOptions,
} from '../../../main/shell/security-policy.js';

const root = path.resolve(import.meta.dirname, '../../..');

describe('the window', () => {
  it('isolates and sandboxes the renderer, with no Node and full web security', () => {
    const prefs = secureWebPreferences('/app/dist/preload/index.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });

  it('opens at the control room’s 1366×768 and uses those preferences', () => {
    const options = windowOptions('/p.cjs');
    expect(options).toMatchObject({ width: 1366, height: 768, show: false });
    expect(options.webPreferences).toEqual(secureWebPreferences('/p.cjs'));
  });
});

describe('the CSP', () => {
  const meta = () => {
    const html = fs.readFileSync(path.join(root, 'renderer/index.html'), 'utf8');
    const match = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    return match?.[1];
  };

  it('is the one renderer/index.html carries', () => {
    expect(meta()).toBe(RENDERER_CSP);
  });

  it('starts from nothing and allows only the app’s own files', () => {
    const directives = Object.fromEntries(
      RENDERER_CSP.split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(RENDERER_CSP.startsWith("default-src 'none'")).toBe(true);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['img-src']).toEqual(["'self'", 'data:']);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['font-src']).toEqual(["'self'"]);
    expect(RENDERER_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });
});

describe('isAllowedRequest', () => {
  const index = path.join(root, 'dist/renderer/index.html');
  const allowedRoot = rendererRootUrl(index);
  const file = (p: string) => pathToFileURL(p).href;

  it('lets the renderer load its own files and the devtools', () => {
    expect(isAllowedRequest(file(index), allowedRoot)).toBe(true);
    expect(isAllowedRequest(file(path.join(root, 'dist/renderer/assets/index-abc.js')), allowedRoot)).toBe(
      true,
    );
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html', allowedRoot)).toBe(true);
  });

  it('blocks the network and any other file', () => {
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:8080/api',
      'ws://localhost/socket',
      'ftp://example.com/x',
      file('/etc/passwd'),
      file(path.join(root, 'dist/main/index.js')),
      `${allowedRoot}../main/index.js`,
      `${allowedRoot}%2e%2e/main/index.js`,
      `${allowedRoot}..%2Fmain/index.js`,
      `${allowedRoot}..%5Cmain%5Cindex.js`,
      'not a url',
    ]) {
      expect(isAllowedRequest(url, allowedRoot), url).toBe(false);
    }
  });
});

describe('isAllowedRequest on Windows paths', () => {
  it('ignores the drive letter’s case but not the folder', () => {
    const windowsRoot = 'file:///C:/Program%20Files/Pump%20ETA/resources/app.asar/dist/renderer/';
    expect(
      isAllowedRequest(
        'file:///c:/Program%20Files/Pump%20ETA/resources/app.asar/dist/renderer/index.html',
        windowsRoot,
      ),
    ).toBe(true);
    expect(isAllowedRequest('file:///C:/Windows/win.ini', windowsRoot)).toBe(false);
  });
});

describe('appLocations', () => {
  it('finds the built files in a checkout and the resources in an installed app', () => {
    expect(appLocations('/repo', '/unused', false)).toEqual({
      rendererIndex: path.join('/repo', 'dist', 'renderer', 'index.html'),
      preload: path.join('/repo', 'dist', 'preload', 'index.cjs'),
      resourcesDir: path.join('/repo', 'resources'),
    });
    expect(
      appLocations('/opt/Pump ETA/resources/app.asar', '/opt/Pump ETA/resources', true).resourcesDir,
    ).toBe(path.join('/opt/Pump ETA/resources', 'resources'));
  });
});
