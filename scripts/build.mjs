// Builds what Electron runs: main (tsc → dist/main, ESM), the preload (esbuild → dist/preload/index.cjs)
// and the renderer (vite → dist/renderer). `node scripts/build.mjs renderer` builds only the named parts;
// `--out=DIR` writes to DIR instead of dist/ (the packaged-layout test builds an app of its own there).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const PARTS = ['main', 'preload', 'renderer'];

const OUT_FLAG = '--out=';
const args = process.argv.slice(2);
const outArg = args.find((a) => a.startsWith(OUT_FLAG));
const out = outArg ? path.resolve(outArg.slice(OUT_FLAG.length)) : path.join(root, 'dist');
const requested = args.filter((a) => a !== outArg);
const unknown = requested.filter((p) => !PARTS.includes(p));
if (unknown.length > 0) {
  console.error(`build: unknown part(s) ${unknown.join(', ')}; choose from ${PARTS.join(', ')}`);
  process.exit(2);
}
const parts = requested.length > 0 ? requested : PARTS;

function step(name, fn) {
  const started = Date.now();
  return Promise.resolve(fn()).then(() => console.log(`build: ${name} in ${Date.now() - started} ms`));
}

async function buildMain() {
  fs.rmSync(path.join(out, 'main'), { recursive: true, force: true });
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', out], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('tsc failed (see above)');
  // Packaged, dist/main and dist/contract are unpacked beside app.asar, away from the app's package.json
  // (which stays inside the archive): their own says the .js files are ES modules, wherever they are.
  for (const dir of ['main', 'contract']) {
    fs.writeFileSync(path.join(out, dir, 'package.json'), `${JSON.stringify({ type: 'module' })}\n`);
  }
}

async function buildPreload() {
  const esbuild = await import('esbuild');
  // A sandboxed preload cannot require relative files, so the contract is bundled into one CJS file.
  await esbuild.build({
    entryPoints: [path.join(root, 'preload/index.ts')],
    outfile: path.join(out, 'preload/index.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node22',
    external: ['electron'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

async function buildRenderer() {
  const vite = await import('vite');
  await vite.build({
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: path.join(out, 'renderer') },
  });
}

const builders = { main: buildMain, preload: buildPreload, renderer: buildRenderer };
try {
  for (const part of parts) await step(part, builders[part]);
} catch (error) {
  console.error(`build: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
