import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../paths.js';
import { fsyncDir, writeFileAtomic } from '../util/atomic-file.js';
import { explainStorageError } from '../util/storage-errors.js';

/** Model files are named by their content: a file either is the model its row names, or is corrupt. */
export function sha256Hex(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

export function modelFilePath(modelsDir: string, sha256: string): string {
  return path.join(modelsDir, `${sha256}.onnx`);
}

/**
 * Writes bytes to their content address durably: temp file, fsync, rename, fsync of the folder.
 * A crash leaves either no file or the whole file under its final name (a stray temp file at worst).
 * A full or read-only disk raises a StorageError saying so, and leaves no temp file behind.
 */
export function writeModelFile(modelsDir: string, bytes: Uint8Array): { sha256: string; file: string } {
  const sha256 = sha256Hex(bytes);
  const file = modelFilePath(modelsDir, sha256);
  if (fs.existsSync(file) && verifyModelFile(file, sha256) === null) {
    // It may be the rename of a write that crashed before the folder was synced: sync it now, before
    // a registry row comes to depend on it.
    fsyncDir(modelsDir);
    return { sha256, file };
  }
  try {
    makePrivateDir(modelsDir);
    writeFileAtomic(file, bytes, { mode: PRIVATE_FILE_MODE, tempFile: tempFileFor(modelsDir, sha256) });
  } catch (error) {
    throw explainStorageError(error, { what: 'the model file', file });
  }
  return { sha256, file };
}

/** A model's temp file: its writer's pid and start time in the name, for removeStrayTempFiles. */
function tempFileFor(modelsDir: string, sha256: string): string {
  return path.join(modelsDir, `.${sha256}.${process.pid}.${Date.now()}.tmp`);
}

/**
 * writeModelFile without blocking the thread that calls it: the write and its fsync run in libuv's
 * pool (a follower stores a published model while it answers). The same temp-then-rename steps.
 */
export async function writeModelFileAsync(
  modelsDir: string,
  bytes: Uint8Array,
): Promise<{ sha256: string; file: string }> {
  const sha256 = sha256Hex(bytes);
  const file = modelFilePath(modelsDir, sha256);
  const tmp = tempFileFor(modelsDir, sha256);
  try {
    const existing = await fs.promises.readFile(file).catch(() => null);
    if (existing && sha256Hex(existing) === sha256) return { sha256, file };
    await fs.promises.mkdir(modelsDir, { recursive: true });
    const handle = await fs.promises.open(tmp, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tmp, file);
    // The rename made durable before a registry row comes to depend on it (Linux; Windows refuses).
    const dir = await fs.promises.open(modelsDir, 'r').catch(() => null);
    await dir?.sync().catch(() => undefined);
    await dir?.close();
  } catch (error) {
    await fs.promises.rm(tmp, { force: true });
    throw explainStorageError(error, { what: 'the model file', file });
  }
  return { sha256, file };
}

/** Returns null when the file exists and hashes to `sha256`, else a sentence saying what is wrong. */
export function verifyModelFile(file: string, sha256: string): string | null {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return `model file ${path.basename(file)} is missing`;
  }
  const actual = sha256Hex(bytes);
  return actual === sha256
    ? null
    : `model file ${path.basename(file)} is corrupt (hash ${actual.slice(0, 12)}…)`;
}

const TEMP_FILE = /^\.[0-9a-f]{64}\.(\d+)\.(\d+)\.tmp$/;
/** No model write takes this long: an older temp file is stray even if its pid now names a live process. */
const TEMP_MAX_AGE_MS = 60 * 60_000;

/**
 * Temp files left by a crash mid-write; safe to delete at start-up. One whose writer is still running
 * is another Pump ETA (the app while the CLI starts, say) in the middle of a write, and stays.
 */
export function removeStrayTempFiles(modelsDir: string, now = Date.now()): number {
  if (!fs.existsSync(modelsDir)) return 0;
  let removed = 0;
  for (const name of fs.readdirSync(modelsDir)) {
    if (!(name.startsWith('.') && name.endsWith('.tmp'))) continue;
    const m = TEMP_FILE.exec(name);
    if (m && now - Number(m[2]) < TEMP_MAX_AGE_MS && isRunning(Number(m[1]))) continue;
    fs.rmSync(path.join(modelsDir, name), { force: true });
    removed++;
  }
  return removed;
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
