/**
 * Bench child: imports files into a database in this fresh process and prints one JSON line with the
 * import's wall time and the process's peak resident memory (which includes the import worker thread).
 * Usage: node --import tsx tests/bench/children/import-child.ts DB FILE...
 */
import { importFiles } from '../../../main/core/ingest/index.js';

const [dbPath, ...files] = process.argv.slice(2);
if (!dbPath || files.length === 0) throw new Error('usage: import-child.ts DB FILE...');
const started = performance.now();
const result = await importFiles(dbPath, files);
const wallMs = performance.now() - started;
process.stdout.write(
  JSON.stringify({
    wallMs,
    maxRssKb: process.resourceUsage().maxRSS,
    files: result.files.map((f) => ({
      kind: f.kind,
      rowsRead: f.rowsRead,
      rowsImported: f.rowsImported,
      rowsChanged: f.rowsChanged,
      rowsDuplicate: f.rowsDuplicate,
      rowsRejected: f.rowsRejected,
    })),
    errors: result.errors.map((e) => e.message),
  }) + '\n',
);
