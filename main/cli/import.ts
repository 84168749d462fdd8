import {
  ImportCancelledError,
  importFiles,
  type FileReport,
  type ImportResult,
} from '../core/ingest/index.js';
import { cliDbPath, parseCommandArgs, printJson, UsageError, type CliIO, type Command } from './common.js';

const USAGE = 'Usage: pump-eta import FILE... [--db PATH] [--json]';
/** Conventional exit status for a run stopped by Ctrl-C. */
const EXIT_INTERRUPTED = 130;

function toJson(result: ImportResult) {
  return {
    files: result.files,
    errors: result.errors.map((e) => ({ file: e.file, message: e.message })),
  };
}

const fmt = (n: number) => n.toLocaleString('en-GB');

function table(files: readonly FileReport[]): string {
  const header = ['file', 'kind', 'read', 'imported', 'duplicate', 'rejected'];
  const rows = files.map((f) => [
    f.file,
    f.kind,
    fmt(f.rowsRead),
    fmt(f.rowsImported),
    fmt(f.rowsDuplicate),
    fmt(f.rowsRejected),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(header)];
  for (const [i, f] of files.entries()) {
    out.push(line(rows[i]!));
    for (const [reason, count] of Object.entries(f.rejected)) {
      const example = f.examples.find((e) => e.reason === reason);
      const detail = example ? ` (e.g. row ${example.row}: ${example.message}: ${example.value})` : '';
      out.push(`  rejected ${fmt(count)} × ${reason}${detail}`);
    }
    for (const note of f.notes) out.push(`  note: ${note}`);
  }
  return out.join('\n') + '\n';
}

function summary(errors: ImportResult['errors']): string {
  if (errors.length === 1) return errors[0]!.message;
  return `${errors.length} files could not be imported: ${errors.map((e) => e.message).join('; ')}`;
}

export const importCommand: Command = async (argv, io: CliIO) => {
  const { values, positionals } = parseCommandArgs(
    'import',
    argv,
    { db: { type: 'string' }, json: { type: 'boolean' } },
    true,
  );
  if (positionals.length === 0) throw new UsageError(`import: name at least one file. ${USAGE}`);
  const dbPath = cliDbPath(values.db, io.env);

  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  let result: ImportResult;
  try {
    result = await importFiles(dbPath, positionals, { signal: controller.signal });
  } catch (error) {
    if (!(error instanceof ImportCancelledError)) throw error;
    io.stderr(`pump-eta import: ${error.message}\n`);
    return EXIT_INTERRUPTED;
  } finally {
    process.off('SIGINT', onInterrupt);
  }

  if (values.json) printJson(io, toJson(result));
  else if (result.files.length > 0) io.stdout(table(result.files));
  if (result.errors.length === 0) return 0;
  io.stderr(`pump-eta import: ${summary(result.errors).replace(/\s*\n\s*/g, ' ')}\n`);
  return 1;
};
