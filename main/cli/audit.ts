import path from 'node:path';
import { openDatabase } from '../core/db/index.js';
import { AuditPeriodError, auditPeriod, exportPredictions, type AuditPeriod } from '../core/serving/audit.js';
import { explainStorageError } from '../core/util/storage-errors.js';
import {
  cliDbPath,
  parseCommandArgs,
  printJson,
  requireExistingDb,
  UsageError,
  type CliIO,
  type Command,
} from './common.js';

/**
 * `pump-eta audit --from DATE --to DATE --out FILE.csv`: the prediction log's answers of a period of
 * London days, as CSV, for an auditor (the same export as Help → About in the app).
 */
export const auditCommand: Command = async (argv, io: CliIO) => {
  const { values } = parseCommandArgs('audit', argv, {
    from: { type: 'string' },
    to: { type: 'string' },
    out: { type: 'string' },
    db: { type: 'string' },
    json: { type: 'boolean' },
  });
  const { from, to, out } = values;
  if (!from || !to || !out) {
    throw new UsageError(
      "audit: --from DATE, --to DATE and --out FILE.csv are all needed. Run 'pump-eta audit --help' for usage.",
    );
  }
  let period: AuditPeriod;
  try {
    period = auditPeriod(from, to);
  } catch (error) {
    if (error instanceof AuditPeriodError) throw new UsageError(`audit: ${error.message}`);
    throw error;
  }
  const dbPath = requireExistingDb(cliDbPath(values.db, io));
  const file = path.resolve(out);
  // Reading only: an export never blocks the app's writes, and never creates a database.
  const db = openDatabase(dbPath, { readonly: true });
  let rows: number;
  try {
    rows = exportPredictions(db, period, file);
  } catch (error) {
    throw explainStorageError(error, { what: `the audit export ${path.basename(file)}`, file });
  } finally {
    db.close();
  }
  if (values.json) printJson(io, { file, from: period.from, to: period.to, rows });
  else {
    io.stdout(
      `${rows.toLocaleString('en-GB')} answer(s) from ${period.from} to ${period.to} (London days) written to ${file}\n`,
    );
  }
  return 0;
};
