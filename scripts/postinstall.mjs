// Runs after `npm install`. Nothing to do yet beyond reporting what was skipped on purpose.
import fs from 'node:fs';

const electronBinary = new URL('../node_modules/electron/path.txt', import.meta.url);
if (!fs.existsSync(electronBinary)) {
  console.log(
    'pump-eta: the Electron binary is not installed yet; `npm start` fetches it on first run ' +
      '(tests do not need it).',
  );
}
