/**
 * Bench child: imports files through the core's import job into a copy of a history whose champion
 * was trained on earlier calls, with or without the step that scores the champion on the new vehicles
 * afterwards, and prints one JSON line: the job's wall time (start to its `done`), the monitoring
 * step's message and the process's peak resident memory.
 * Usage: node --import tsx tests/bench/children/monitor-import-child.ts DB on|off FILE...
 */
import { createCore } from '../../../main/core/app/core.js';

const [dbPath, mode, ...files] = process.argv.slice(2);
if (!dbPath || (mode !== 'on' && mode !== 'off') || files.length === 0) {
  throw new Error('usage: monitor-import-child.ts DB on|off FILE...');
}
const core = await createCore({
  dbPath,
  auditLog: 'inline',
  historyPlaces: 'on-demand',
  monitorAfterImport: mode === 'on',
});
const messages: string[] = [];
const cpuBefore = process.resourceUsage();
const started = performance.now();
const job = core.importFiles(files, (event) => {
  if (event.type === 'log') messages.push(event.message);
});
const result = await job.done;
const wallMs = performance.now() - started;
const cpuAfter = process.resourceUsage();
// Every thread of the process (import, reader, gazetteer and monitoring workers): the work itself,
// whatever else the machine is running.
const cpuMs =
  (cpuAfter.userCPUTime - cpuBefore.userCPUTime + cpuAfter.systemCPUTime - cpuBefore.systemCPUTime) / 1000;
const report = mode === 'on' ? await core.monitor() : null;
await core.close();
process.stdout.write(
  JSON.stringify({
    wallMs,
    cpuMs,
    maxRssKb: process.resourceUsage().maxRSS,
    messages,
    rowsImported: result.files.reduce((s, f) => s + f.rowsImported, 0),
    errors: result.files.flatMap((f) => (f.error ? [`${f.file}: ${f.error}`] : [])),
    vehiclesScored: report?.vehicles ?? 0,
  }) + '\n',
);
