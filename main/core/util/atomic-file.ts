import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A temp file's name: dot-prefixed (readers skip it), unique per writer, ending in `.tmp`. */
export function tempNameFor(file: string): string {
  const random = crypto.randomBytes(4).toString('hex');
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${random}.tmp`);
}

/**
 * Writes `bytes` to `file` so that a reader (or a crash) sees either the old file or the whole new one:
 * a temp file in the same folder, fsync, rename over the target, fsync of the folder. The temp file is
 * removed if anything fails. `exclusive` refuses to replace an existing file (the rename is then a link
 * + unlink, which fails if the target exists).
 */
export function writeFileAtomic(
  file: string,
  bytes: Uint8Array | string,
  options: {
    readonly mode?: number;
    readonly exclusive?: boolean;
    /** The temp file's path, where its name must say more (the registry's names carry pid and time). */
    readonly tempFile?: string;
  } = {},
): void {
  const tmp = options.tempFile ?? tempNameFor(file);
  try {
    const fd = fs.openSync(tmp, 'wx', options.mode ?? 0o644);
    try {
      fs.writeSync(fd, typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (options.exclusive) {
      // link(2) fails with EEXIST instead of replacing: the check and the write are one step.
      fs.linkSync(tmp, file);
      fs.rmSync(tmp, { force: true });
    } else {
      fs.renameSync(tmp, file);
    }
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  fsyncDir(path.dirname(file));
}

/** Makes a rename in `dir` durable on Linux; Windows refuses to open folders, harmlessly. */
export function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* not supported on this platform */
  }
}
