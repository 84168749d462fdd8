#!/usr/bin/env node
// Entry point for `npx pump-eta`. A checkout runs the TypeScript sources through tsx (so the CLI is
// always the code in the tree); a built copy without sources runs dist/.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = new URL('../', import.meta.url);
const source = fileURLToPath(new URL('main/cli.ts', root));
const usageSource = new URL('main/cli/usage.ts', root);
const argv = process.argv.slice(2);

/**
 * Help and the version answer without the TypeScript loader, which alone costs a few hundred
 * milliseconds: usage.ts is plain JavaScript by design, so it loads as a data: module.
 */
async function quickHelp() {
  if (!fs.existsSync(usageSource)) return false;
  const text = fs.readFileSync(usageSource, 'utf8');
  const usage = await import(`data:text/javascript;base64,${Buffer.from(text).toString('base64')}`);
  if (!usage.isHelpRequest(argv)) return false;
  const { version } = JSON.parse(fs.readFileSync(new URL('package.json', root), 'utf8'));
  const answer = usage.helpAnswer(argv, version);
  if (!answer) return false;
  // `pump-eta help | head -1`: a reader that has gone is not an error (as in main/cli.ts).
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (error) => {
      if (error.code !== 'EPIPE') throw error;
    });
  process.stdout.write(answer.stdout);
  process.stderr.write(answer.stderr);
  process.exitCode = answer.code;
  return true;
}

if (await quickHelp()) {
  // answered
} else if (fs.existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
} else {
  await import(new URL('dist/main/cli.js', root).href);
}
