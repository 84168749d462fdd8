import fs from 'node:fs';
import path from 'node:path';

/**
 * Disk and permission failures, told as what the user can do about them. SQLite and Node report them
 * as "database or disk is full", "attempt to write a readonly database", "unable to open database
 * file" or "EACCES: permission denied, open '/…/.3f2a….tmp'": true, but they name neither the folder
 * nor a way out, and a control-room operator has to act on the message alone.
 */
export type StorageProblem = 'full' | 'denied' | 'read-only-disk' | 'io';

export class StorageError extends Error {
  override name = 'StorageError';
  constructor(
    message: string,
    readonly problem: StorageProblem,
    /** The errno or SQLite code it was raised for (ENOSPC, SQLITE_FULL, …). */
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

function codeOf(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/** The kind of storage failure an error is, or null for anything else (bad data, a bug). */
export function storageProblemOf(error: unknown): StorageProblem | null {
  if (error instanceof StorageError) return error.problem;
  const code = codeOf(error);
  if (code === null) return null;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') return 'full';
  if (code === 'EROFS') return 'read-only-disk';
  if (
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'SQLITE_PERM' ||
    code === 'SQLITE_CANTOPEN' ||
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_CANTOPEN_')
  ) {
    return 'denied';
  }
  if (code === 'EIO' || code.startsWith('SQLITE_IOERR')) return 'io';
  return null;
}

/**
 * SQLite says "read-only" or "cannot open" whatever the cause. The folder and the file tell whether it
 * is permissions or a read-only disk (access(2) answers EROFS for the latter), and which one to name;
 * null when both are writable, so the cause is something else.
 */
function probeWrite(folder: string, file: string): { problem: StorageProblem; where: string } | null {
  for (const where of [folder, file]) {
    try {
      fs.accessSync(where, fs.constants.W_OK);
    } catch (error) {
      const code = codeOf(error);
      if (code === 'ENOENT') continue;
      return { problem: code === 'EROFS' ? 'read-only-disk' : 'denied', where };
    }
  }
  return null;
}

export interface StorageContext {
  /** What was being saved, as the user knows it: "the history database", "the model file". */
  readonly what: string;
  /** The file being written; its folder is what the message names. */
  readonly file: string;
}

/**
 * A StorageError with an actionable sentence when `error` is a disk-full, permission, read-only-disk
 * or I/O failure; otherwise `error` itself, unchanged.
 */
export function explainStorageError(error: unknown, context: StorageContext): unknown {
  if (error instanceof StorageError) return error;
  let problem = storageProblemOf(error);
  if (problem === null) return error;
  const code = codeOf(error) ?? 'unknown';
  const folder = path.dirname(path.resolve(context.file));
  let where = folder;
  if (problem === 'denied') {
    const probed = probeWrite(folder, path.resolve(context.file));
    if (probed === null && code.startsWith('SQLITE_')) return error;
    if (probed) ({ problem, where } = probed);
  }
  const place = where === folder ? `in the folder ${folder}` : `to the file ${where}`;
  const message = {
    full:
      `The disk is full: ${context.what} could not be written in ${folder}. Nothing was saved. ` +
      `Free some space on that disk, or use a folder on another disk (--db PATH or PUMP_ETA_DB), ` +
      `and try again.`,
    denied:
      `Pump ETA is not allowed to write ${place}, so ${context.what} cannot be saved (${code}). ` +
      `Ask for write access, or use a folder you can write to (--db PATH or PUMP_ETA_DB).`,
    'read-only-disk':
      `The folder ${folder} is on a read-only disk, so ${context.what} cannot be saved there. ` +
      `Use a folder on a writable disk (--db PATH or PUMP_ETA_DB).`,
    io:
      `The disk reported an error (${code}) while ${context.what} was being written in ${folder}. ` +
      `Check the disk, then try again.`,
  }[problem];
  return new StorageError(message, problem, code, { cause: error });
}
