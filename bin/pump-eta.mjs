#!/usr/bin/env node
// Entry point for `npx pump-eta`. A checkout runs the TypeScript sources through tsx (so the CLI is
// always the code in the tree); a built copy without sources runs dist/.
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = new URL('../', import.meta.url);
const source = fileURLToPath(new URL('main/cli.ts', root));
if (fs.existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
} else {
  await import(new URL('dist/main/cli.js', root).href);
}
