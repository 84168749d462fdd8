import {
  importIntoHistory,
  JobCancelledError,
  type FileReport,
  type IngestResult as ImportResult,
} from '../core/app/history.js';
import { cliDbPath, parseCommandArgs, printJson, UsageError, type CliIO, type Command } from './common.js';

const USAGE = 'Usage: pump-eta import FILE... [--db PATH] [--json] [--accept-partial]';
/** Conventional exit status for a run stopped by Ctrl-C. */
const EXIT_INTERRUPTED = 130;

function toJson(result: ImportResult) {
  return {
    files: result.files,
    errors: result.errors.map((e) => ({
      file: e.file,
      message: e.message,
      ...(e.acceptable ? { acceptable: e.acceptable } : {}),
    })),
  };
}

const fmt = (n: number) => n.toLocaleString('en-GB');

function table(files: readonly FileReport[]): string {
  const header = ['id', 'file', 'kind', 'read', 'new', 'changed', 'unchanged', 'rejected'];
  const rows = files.map((f) => [
    String(f.importId),
    f.file,
    f.kind,
    fmt(f.rowsRead),
    fmt(f.rowsImported),
    fmt(f.rowsChanged),
    fmt(f.rowsDuplicate),
    fmt(f.rowsRejected),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 1 || i === 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
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
    if (f.changedFields.length > 0) {
      const fields = f.changedFields.map((c) => `${c.field} ${fmt(c.rows)}`).join(', ');
      out.push(`  changed most: ${fields} (earlier versions kept: pump-eta undo-import ${f.importId})`);
    }
    if (f.waitingForIncidents) {
      out.push(
        `  waiting: ${fmt(f.waitingForIncidents)} mobilisation(s) wait for their incidents ` +
          '(import the Incident file that holds them; training skips them until then)',
      );
    }
    if (f.acceptedPartial.length > 0) out.push(`  accepted as partial: ${f.acceptedPartial.join(', ')}`);
    for (const note of f.notes) out.push(`  note: ${note}`);
  }
  return out.join('\n') + '\n';
}

function summary(errors: ImportResult['errors']): string {
  const partial = errors.some((e) => e.acceptable !== undefined)
    ? ' (to import it anyway, run again with --accept-partial; the import records that it was accepted so)'
    : '';
  if (errors.length === 1) return errors[0]!.message + partial;
  return `${errors.length} files could not be imported: ${errors.map((e) => e.message).join('; ')}${partial}`;
}

export const importCommand: Command = async (argv, io: CliIO) => {
  const { values, positionals } = parseCommandArgs(
    'import',
    argv,
    { db: { type: 'string' }, json: { type: 'boolean' }, 'accept-partial': { type: 'boolean' } },
    true,
  );
  if (positionals.length === 0) throw new UsageError(`import: name at least one file. ${USAGE}`);
  const dbPath = cliDbPath(values.db, io);

  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  let result: ImportResult;
  try {
    result = await importIntoHistory(dbPath, positionals, {
      signal: controller.signal,
      acceptPartial: values['accept-partial'] ?? false,
    });
  } catch (error) {
    if (!(error instanceof JobCancelledError)) throw error;
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
