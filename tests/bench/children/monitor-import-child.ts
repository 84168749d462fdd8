/**
 * Bench child: imports files through the core's import job into a copy of a history whose champion
 * was trained on earlier calls, with or without the step that scores the champion on the new vehicles
 * afterwards, and prints one JSON line: the job's wall time (start to its `done`), the monitoring
 * step's message and the process's peak resident memory; without the step, also the time the champion's
 * scoring then takes alone.
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
// Without the step, the champion is then scored alone (a fresh worker, its session, every vehicle
// since its window): what the step costs by itself, per vehicle.
const scoreCpuBefore = process.resourceUsage();
const scoreStarted = performance.now();
const report = await core.monitor();
const scoreMs = mode === 'off' ? performance.now() - scoreStarted : null;
const scoreCpuAfter = process.resourceUsage();
const scoreCpuMs =
  mode === 'off'
    ? (scoreCpuAfter.userCPUTime -
        scoreCpuBefore.userCPUTime +
        scoreCpuAfter.systemCPUTime -
        scoreCpuBefore.systemCPUTime) /
      1000
    : null;
await core.close();
process.stdout.write(
  JSON.stringify({
    wallMs,
    cpuMs,
    maxRssKb: process.resourceUsage().maxRSS,
    messages,
    rowsImported: result.files.reduce((s, f) => s + f.rowsImported, 0),
    errors: result.files.flatMap((f) => (f.error ? [`${f.file}: ${f.error}`] : [])),
    vehiclesScored: report.vehicles,
    scoreMs,
    scoreCpuMs,
  }) + '\n',
);
