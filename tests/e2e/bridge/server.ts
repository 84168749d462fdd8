/**
 * The end-to-end test bridge: serves the built renderer over http://127.0.0.1 and exposes the same
 * contract the preload does — POST /api/<channel> runs the very handlers Electron's IPC runs (payload
 * parsed with the contract's schemas, then the real CoreApi), job and menu events stream over SSE, and
 * /bridge.js defines window.pumpEta through the same createPumpEtaApi the preload uses.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import type { CoreApi } from '../../../main/core/app/types.js';
import {
  createHandlers,
  errorMessage,
  INVOKE_CHANNELS,
  type HandlerContext,
} from '../../../main/shell/handlers.js';
import type { FleetEvent, InvokeChannel, JobEvent, MenuEvent, Result } from '../../../contract/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CLIENT_ENTRY = path.join(here, 'client', 'bridge-client.ts');

/** Uploads are LFB files; the real ones reach hundreds of MB, the test fixtures a few. */
const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;
const MAX_JSON_BYTES = 1024 * 1024;

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface BridgeOptions {
  readonly core: CoreApi;
  /** dist/renderer (vite build output). */
  readonly rendererDir: string;
  /** Where uploaded (dropped) files are written before the core imports them. */
  readonly uploadDir: string;
  /** Stands in for the native file dialog of File → Import (null = cancelled). */
  readonly chooseFiles?: () => Promise<readonly string[] | null>;
  /** Stands in for the save dialog (exporting the cover); absent, saving is refused as without a dialog. */
  readonly chooseSaveFile?: HandlerContext['chooseSaveFile'];
}

export interface Bridge {
  readonly url: string;
  /** Sends an application-menu event, as Electron's menu would. */
  sendMenu(event: MenuEvent): void;
  close(): Promise<void>;
}

let clientBundle: Promise<string> | null = null;

/** The page-side half, bundled once per test process (it imports preload/api.ts). */
function bundleClient(): Promise<string> {
  clientBundle ??= esbuild
    .build({
      entryPoints: [CLIENT_ENTRY],
      bundle: true,
      write: false,
      format: 'iife',
      target: 'chrome120',
      logLevel: 'warning',
    })
    .then((result) => result.outputFiles[0]?.text ?? '');
  return clientBundle;
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function sendJson(res: http.ServerResponse, value: unknown, status = 200): void {
  send(res, status, MIME['.json']!, JSON.stringify(value));
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error(`The request is larger than ${limit} bytes.`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** index.html with the bridge script before the app's module script (classic scripts run first). */
function injectBridge(html: string): string {
  const marker = '<script type="module"';
  const at = html.indexOf(marker);
  if (at < 0)
    throw new Error('dist/renderer/index.html has no module script: run `node scripts/build.mjs renderer`.');
  return `${html.slice(0, at)}<script src="./bridge.js"></script>\n    ${html.slice(at)}`;
}

/** A path inside `root`, or null when the request tries to leave it. */
function staticPath(root: string, urlPath: string): string | null {
  const relative = decodeURIComponent(urlPath).replace(/^\/+/, '');
  const resolved = path.resolve(root, relative);
  return resolved.startsWith(path.resolve(root) + path.sep) ? resolved : null;
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const indexFile = path.join(options.rendererDir, 'index.html');
  if (!fs.existsSync(indexFile))
    throw new Error(`${indexFile} is missing: run \`node scripts/build.mjs renderer\` first.`);
  const index = injectBridge(fs.readFileSync(indexFile, 'utf8'));
  const client = await bundleClient();
  const handlers = createHandlers(options.core);
  const streams = new Set<http.ServerResponse>();
  fs.mkdirSync(options.uploadDir, { recursive: true });
  let uploads = 0;

  const broadcast = (type: 'job' | 'menu' | 'fleet', data: JobEvent | MenuEvent | FleetEvent) => {
    const frame = `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const stream of streams) stream.write(frame);
  };
  const context = {
    emit: (event: JobEvent) => broadcast('job', event),
    ...(options.chooseFiles ? { chooseFiles: options.chooseFiles } : {}),
    ...(options.chooseSaveFile ? { chooseSaveFile: options.chooseSaveFile } : {}),
  };

  // Fleet status changes go to every page, as Electron sends them to every window.
  const stopFleetEvents = options.core.onFleetEvent((event) => broadcast('fleet', event));

  const server = http.createServer((req, res) => {
    void route(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        sendJson(res, { ok: false, error: errorMessage(error) } satisfies Result<never>, 500);
      else res.end();
    });
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html'))
      return send(res, 200, MIME['.html']!, index);
    if (req.method === 'GET' && url.pathname === '/bridge.js') return send(res, 200, MIME['.js']!, client);
    if (req.method === 'GET' && url.pathname === '/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write('event: ready\ndata: {}\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (req.method === 'POST' && url.pathname === '/upload') {
      // The bytes of one dropped file, written under its own name so the import report names it.
      const name = path.basename(url.searchParams.get('name') ?? '') || 'upload.bin';
      const dir = path.join(options.uploadDir, String(++uploads));
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, name);
      fs.writeFileSync(file, await readBody(req, MAX_UPLOAD_BYTES));
      return sendJson(res, { ok: true, value: { path: file } });
    }
    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      const channel = url.pathname.slice('/api/'.length) as InvokeChannel;
      if (!INVOKE_CHANNELS.includes(channel))
        return sendJson(res, { ok: false, error: `Unknown channel '${channel}'.` }, 404);
      const body = await readBody(req, MAX_JSON_BYTES);
      let payload: unknown;
      try {
        payload = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        return sendJson(res, { ok: false, error: 'Invalid request — the body is not JSON.' }, 400);
      }
      const handle = handlers[channel] as (p: unknown, c: typeof context) => Promise<Result<unknown>>;
      return sendJson(res, await handle(payload, context));
    }
    if (req.method === 'GET') {
      const file = staticPath(options.rendererDir, url.pathname);
      if (file && fs.existsSync(file) && fs.statSync(file).isFile()) {
        return send(res, 200, MIME[path.extname(file)] ?? 'application/octet-stream', fs.readFileSync(file));
      }
    }
    if (url.pathname === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    send(res, 404, 'text/plain; charset=utf-8', 'not found');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    sendMenu: (event) => broadcast('menu', event),
    close: () =>
      new Promise<void>((resolve) => {
        stopFleetEvents();
        for (const stream of streams) stream.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
