// Compiles better-sqlite3 for Electron into its own folder (see main/shell/native-binding.ts for why):
// node_modules keeps the Node build that `npm test` and the CLI load, Electron loads this copy through
// openDatabase's `nativeBinding`, and electron-builder ships it in the installer's resources.
// Runs on `npm start` and before packaging; it does nothing when the copy matches the installed versions.
// Needs the network once (Electron's headers or a prebuilt binary), like Electron's own first download.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Keep in step with ELECTRON_NATIVE_DIR and SQLITE_BINDING_FILE in main/shell/native-binding.ts (a test checks). */
export const ELECTRON_NATIVE_DIR = path.join('node_modules', '.cache', 'pump-eta-electron');
export const SQLITE_BINDING_FILE = 'better_sqlite3.node';
const STAMP_FILE = 'stamp.json';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** What the binary was built for; any change (Electron upgrade, new better-sqlite3) rebuilds it. */
export function wantedStamp() {
  return {
    electron: require('electron/package.json').version,
    betterSqlite3: require('better-sqlite3/package.json').version,
    platform: process.platform,
    arch: process.arch,
  };
}

export function isUpToDate(outDir, stamp) {
  try {
    const built = JSON.parse(fs.readFileSync(path.join(outDir, STAMP_FILE), 'utf8'));
    return (
      fs.existsSync(path.join(outDir, SQLITE_BINDING_FILE)) && JSON.stringify(built) === JSON.stringify(stamp)
    );
  } catch {
    return false;
  }
}

async function build() {
  const outDir = path.join(root, ELECTRON_NATIVE_DIR);
  const stamp = wantedStamp();
  if (isUpToDate(outDir, stamp)) return;

  console.log(
    `pump-eta: building the database driver for Electron ${stamp.electron} (once; about a minute)…`,
  );
  let rebuild;
  try {
    ({ rebuild } = await import('@electron/rebuild'));
  } catch {
    throw new Error('@electron/rebuild is not installed (a devDependency): run `npm install`.');
  }
  // A private project holding a copy of better-sqlite3's sources: rebuilding it cannot touch node_modules.
  const work = path.join(outDir, 'work');
  fs.rmSync(work, { recursive: true, force: true });
  const moduleDir = path.join(work, 'node_modules', 'better-sqlite3');
  const source = path.dirname(require.resolve('better-sqlite3/package.json'));
  fs.cpSync(source, moduleDir, { recursive: true, filter: (p) => path.relative(source, p) !== 'build' });
  fs.writeFileSync(
    path.join(work, 'package.json'),
    JSON.stringify({
      name: 'pump-eta-electron-native',
      private: true,
      dependencies: { 'better-sqlite3': stamp.betterSqlite3 },
    }),
  );
  await rebuild({
    buildPath: work,
    electronVersion: stamp.electron,
    onlyModules: ['better-sqlite3'],
    force: true,
    mode: 'sequential',
  });
  const built = path.join(moduleDir, 'build', 'Release', SQLITE_BINDING_FILE);
  if (!fs.existsSync(built)) throw new Error(`the rebuild finished but ${built} is missing`);
  fs.copyFileSync(built, path.join(outDir, SQLITE_BINDING_FILE));
  fs.writeFileSync(path.join(outDir, STAMP_FILE), JSON.stringify(stamp));
  fs.rmSync(work, { recursive: true, force: true });
  console.log(`pump-eta: ${path.join(ELECTRON_NATIVE_DIR, SQLITE_BINDING_FILE)} is ready.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  build().catch((error) => {
    console.error(
      `pump-eta: could not build better-sqlite3 for Electron: ${error instanceof Error ? error.message : String(error)}`,
    );
    console.error(
      'Connect to the internet once (Electron headers are downloaded), or see README "Native modules".',
    );
    process.exit(1);
  });
}
