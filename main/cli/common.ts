import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { dataDirNote, DB_FILE_NAME, resolveDbPath } from '../core/paths.js';

/** An error whose message is shown to the user as is, with a non-zero exit code. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

export type Command = (argv: readonly string[], io: CliIO) => Promise<number>;

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<T extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; allowPositionals: boolean; strict: true }>
>;

/** A value that starts with a minus sign but is a number, not an option: -1, -0.1, -.5, -1e3. */
const NEGATIVE_NUMBER = /^-(?:\d|\.\d)/;

/**
 * parseArgs takes `--pump-order -1` as a flag followed by an option `-1` ("argument is ambiguous").
 * A negative number after a flag that takes a value is that flag's value, so it is joined as
 * `--pump-order=-1` and reaches the range check that names the field.
 */
export function joinNegativeValues(argv: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
    if (name && options[name]?.type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** parseArgs with strict checking, turning its errors into a UsageError naming the command. */
export function parseCommandArgs<T extends Options>(
  command: string,
  argv: readonly string[],
  options: T,
  allowPositionals = false,
): Parsed<T> {
  try {
    return parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}. Run 'pump-eta help' for usage.`);
  }
}

/** A number flag within a range, e.g. a grid coordinate; the message names the flag and the range. */
export function numberFlag(name: string, value: string, min: number, max: number, unit = ''): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`--${name} must be a number, got '${value}'.`);
  if (n < min || n > max)
    throw new UsageError(`--${name} must be between ${min} and ${max}${unit ? ` (${unit})` : ''}, got ${n}.`);
  return n;
}

export function printJson(io: CliIO, value: unknown): void {
  io.stdout(JSON.stringify(value) + '\n');
}

/** Parses an integer flag, refusing anything that is not a whole number in range. */
export function intFlag(
  name: string,
  value: string | undefined,
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value.trim()))
    throw new UsageError(`--${name} must be a whole number, got '${value}'.`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}.`);
  return n;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * The database path (`--db`, else $PUMP_ETA_DB, else the data folder), refusing a folder or a file that
 * is not SQLite by name: SQLite itself only says "unable to open database file" or "disk I/O error".
 */
export function cliDbPath(flag: string | undefined, io: Pick<CliIO, 'env' | 'stderr'>): string {
  const dbPath = resolveDbPath(flag, io.env);
  // A history used from where earlier versions kept it is said, never silently swapped for an empty one.
  const note = dataDirNote(flag, io.env);
  if (note) io.stderr(`pump-eta: note: ${note}\n`);
  if (!fs.existsSync(dbPath)) return dbPath;
  if (!fs.statSync(dbPath).isFile()) {
    throw new UsageError(
      `the database ${dbPath} is a folder, not a file: ` +
        `name the file, e.g. --db ${path.join(dbPath, DB_FILE_NAME)}`,
    );
  }
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = fs.openSync(dbPath, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  // SQLite makes an empty file into a new database; anything else must already be one.
  if (read > 0 && !head.subarray(0, read).equals(SQLITE_HEADER.subarray(0, read))) {
    throw new UsageError(`${dbPath} is not a Pump ETA database (not an SQLite file)`, 1);
  }
  return dbPath;
}

/**
 * Commands that read the history refuse a database that does not exist instead of showing an empty
 * one (a mistyped --db would otherwise look like a history with nothing in it, and leave a new file
 * behind). Only `import` creates a database.
 */
export function requireExistingDb(dbPath: string): string {
  if (!fs.existsSync(dbPath)) {
    throw new UsageError(
      `there is no history database at ${dbPath}: check --db (or $PUMP_ETA_DB), ` +
        `or create it by importing LFB files: pump-eta import FILE... --db ${dbPath}`,
      1,
    );
  }
  return dbPath;
}
