// `npm start` needs Electron's binary. npm 11 blocks dependency install scripts not listed in
// allowScripts, and build machines skip the download; fetch it here, once, on a machine that can.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = path.dirname(require.resolve('electron/package.json'));
if (!fs.existsSync(path.join(electronDir, 'path.txt'))) {
  console.log('pump-eta: downloading the Electron runtime (first start only)…');
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    stdio: 'inherit',
    env,
  });
  if (result.status !== 0) {
    console.error(
      'pump-eta: could not download Electron. Connect to the internet once, or install it offline.',
    );
    process.exit(1);
  }
}
