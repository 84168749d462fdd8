import { History, UndoError, type ImportEntry } from '../core/app/history.js';
import { undoneText } from '../../contract/counts.js';
import {
  cliDbPath,
  parseCommandArgs,
  printJson,
  requireExistingDb,
  UsageError,
  type CliIO,
  type Command,
} from './common.js';

const fmt = (n: number) => n.toLocaleString('en-GB');

function table(entries: readonly ImportEntry[]): string {
  const header = ['id', 'file', 'kind', 'finished', 'added', 'changed', 'unchanged', 'rejected', 'status'];
  const rows = entries.map((e) => [
    String(e.id),
    e.fileName,
    e.kind,
    e.finishedAt,
    fmt(e.rowsAdded),
    fmt(e.rowsChanged),
    fmt(e.rowsUnchanged),
    fmt(e.rowsRejected),
    [e.undoneAt ? `undone ${e.undoneAt}` : '', e.acceptPartial ? 'accepted as partial' : '']
      .filter(Boolean)
      .join('; '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = (i: number) => i === 0 || (i >= 4 && i <= 7);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export const importsCommand: Command = async (argv, io: CliIO) => {
  const { values } = parseCommandArgs('imports', argv, { db: { type: 'string' }, json: { type: 'boolean' } });
  const dbPath = requireExistingDb(cliDbPath(values.db, io));
  const history = History.open(dbPath, { readonly: true });
  try {
    const imports = history.imports();
    if (values.json) printJson(io, { db: dbPath, imports });
    else if (imports.length === 0) io.stdout(`no imports in ${dbPath}\n`);
    else io.stdout(table(imports));
    return 0;
  } finally {
    history.close();
  }
};

const UNDO_USAGE = 'Usage: pump-eta undo-import ID [--db PATH] [--json]';

export const undoImportCommand: Command = async (argv, io: CliIO) => {
  const { values, positionals } = parseCommandArgs(
    'undo-import',
    argv,
    { db: { type: 'string' }, json: { type: 'boolean' } },
    true,
  );
  if (positionals.length !== 1 || !/^\d+$/.test(positionals[0]!)) {
    throw new UsageError(
      `undo-import: name one import by its id ('pump-eta imports' lists them). ${UNDO_USAGE}`,
    );
  }
  const id = Number(positionals[0]);
  const dbPath = requireExistingDb(cliDbPath(values.db, io));
  const history = History.open(dbPath);
  try {
    const result = history.undo(id);
    if (values.json) printJson(io, result);
    else {
      io.stdout(`undone import ${result.id} (${result.fileName}, ${result.kind}): ${undoneText(result)}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof UndoError) throw new UsageError(`import not undone: ${error.message}`, 1);
    throw error;
  } finally {
    history.close();
  }
};
