#!/usr/bin/env node
// Entry point for `npx pump-eta`. A checkout runs the TypeScript sources (so the CLI is always the code
// in the tree): compiled once per change into .tmp/cli/, else through tsx. A built copy without
// sources runs dist/.
import { Buffer } from 'node:buffer';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const source = path.join(root, 'main/cli.ts');
const usageSource = path.join(root, 'main/cli/usage.ts');
const argv = process.argv.slice(2);
/**
 * The folders the CLI's code comes from; a change to any file in them recompiles. tools/ holds the
 * synthetic data generator (`synth`), which only a checkout has.
 */
const SOURCE_DIRS = ['main', 'contract', 'preload', 'tools'];
const CACHE_DIR = path.join(root, '.tmp/cli');
/** Compiled copies older than this (superseded by edits) are removed. */
const STALE_CACHE_MS = 24 * 3_600_000;

/**
 * Help and the version answer without compiling anything: usage.ts is plain JavaScript by design,
 * so it loads as a data: module.
 */
async function quickHelp() {
  if (!fs.existsSync(usageSource)) return false;
  const text = fs.readFileSync(usageSource, 'utf8');
  const usage = await import(`data:text/javascript;base64,${Buffer.from(text).toString('base64')}`);
  if (!usage.isHelpRequest(argv)) return false;
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
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

function sourceFiles(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/**
 * The sources compiled to plain JavaScript, once per change: a few stats per run instead of the
 * TypeScript loader's per-import work, which costs a dispatcher's `predict` hundreds of milliseconds.
 * Each state of the sources gets its own folder (named by a hash of paths, sizes and times), written
 * under a temporary name and renamed into place, so concurrent runs never see a half-written copy.
 * Returns the compiled cli.js, or null when esbuild is not installed (tsx then runs the sources).
 */
async function compiledCli() {
  const files = SOURCE_DIRS.map((d) => path.join(root, d))
    .filter((d) => fs.existsSync(d))
    .flatMap((d) => sourceFiles(d))
    .sort();
  const hash = crypto.createHash('sha256');
  for (const file of files) {
    const st = fs.statSync(file);
    hash.update(`${file}\0${st.size}\0${st.mtimeMs}\n`);
  }
  const dir = path.join(CACHE_DIR, hash.digest('hex').slice(0, 16));
  const entry = path.join(dir, 'main/cli.js');
  if (fs.existsSync(entry)) return entry;
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return null;
  }
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const temp = `${dir}.tmp-${process.pid}`;
  await esbuild.build({
    entryPoints: files,
    outdir: temp,
    outbase: root,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  // ESM needs to know these .js files are modules: no package.json of ours above .tmp/ says so.
  fs.writeFileSync(path.join(temp, 'package.json'), '{"type":"module"}\n');
  try {
    fs.renameSync(temp, dir);
  } catch {
    // Another run finished the same copy first: use theirs.
    fs.rmSync(temp, { recursive: true, force: true });
  }
  for (const old of fs.readdirSync(CACHE_DIR)) {
    const p = path.join(CACHE_DIR, old);
    if (p !== dir && Date.now() - fs.statSync(p).mtimeMs > STALE_CACHE_MS)
      fs.rmSync(p, { recursive: true, force: true });
  }
  return entry;
}

if (await quickHelp()) {
  // answered
} else if (fs.existsSync(source)) {
  const compiled = await compiledCli();
  if (compiled) {
    await import(pathToFileURL(compiled).href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import(pathToFileURL(source).href);
  }
} else {
  await import(new URL('dist/main/cli.js', pathToFileURL(root)).href);
}
