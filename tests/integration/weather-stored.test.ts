import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSummary } from '../../contract/index.js';
import { dayNumber } from '../../main/core/calendar/days.js';
import { History } from '../../main/core/app/history.js';
import { openMeteoCsv, simulateWeather, visualCrossingCsv } from '../../tools/synthetic/weather.js';
import { cli, cliJson } from '../fixtures/cli.js';
import { tempDir } from '../fixtures/lfb-files.js';

/**
 * What the history holds of the weather, as the Data screen (History.summary) and `pump-eta stats`
 * show it — range, count, gaps and provider — and undo's words for a weather import, counts and zero
 * included: real weather CSV files imported through the CLI into a real SQLite history.
 */
let dir: string;
let cleanup: () => void;
let db: string;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('pump-eta-weather-stored-'));
  db = path.join(dir, 'history.sqlite');
  // Open-Meteo for 1–2 March 2023 (UTC) less 3 hours, then Visual Crossing for 3 March (GMT).
  const march1 = simulateWeather('stored', dayNumber(2023, 3, 1), 2);
  const lines = openMeteoCsv(march1, { timezone: 'GMT' }).trimEnd().split('\n');
  const openMeteo = path.join(dir, 'open-meteo.csv');
  fs.writeFileSync(openMeteo, [...lines.slice(0, 14), ...lines.slice(17)].join('\n') + '\n');
  const visualCrossing = path.join(dir, 'visual-crossing.csv');
  fs.writeFileSync(visualCrossing, visualCrossingCsv(simulateWeather('stored', dayNumber(2023, 3, 3), 1)));
  for (const file of [openMeteo, visualCrossing]) {
    const run = await cli(['import', file, '--db', db]);
    expect(run.code, run.stderr).toBe(0);
  }
}, 120_000);
afterAll(() => cleanup?.());

describe('the stored weather hours', () => {
  it('are summed up for the Data screen: span, count, gaps and each provider', () => {
    const history = History.open(db, { readonly: true });
    let weather: DataSummary['weather'];
    try {
      weather = history.summary().weather;
    } finally {
      history.close();
    }
    // 48 Open-Meteo hours less 3, then 24 Visual Crossing hours: 69 stored, 3 missing in 72.
    expect(weather).toEqual({
      hours: 69,
      firstHour: '2023-03-01T00:00:00.000Z',
      lastHour: '2023-03-03T23:00:00.000Z',
      gaps: 3,
      sources: [
        { source: 'open-meteo', hours: 45 },
        { source: 'visual-crossing', hours: 24 },
      ],
    });
  });

  it('are said in one line by `pump-eta stats`, in words and in --json', async () => {
    const text = await cli(['stats', '--db', db]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      /weather +69 {2}69 hours from 2023-03-01 00:00 UTC to 2023-03-03 23:00 UTC; 3 hours missing in between \(gaps: calls in them have no weather\); from Open-Meteo \(45 hours\), Visual Crossing \(24 hours\)/,
    );
    const json = await cliJson<{ weather: DataSummary['weather'] }>(['stats', '--db', db, '--json']);
    expect(json.weather).toMatchObject({ hours: 69, gaps: 3 });
  });

  it('undo says weather hours, and says nothing was removed rather than "0"', async () => {
    // A re-import of the Visual Crossing file adds nothing and corrects nothing.
    const again = await cliJson<{ files: { importId: number }[] }>([
      'import',
      path.join(dir, 'visual-crossing.csv'),
      '--db',
      db,
      '--json',
    ]);
    const id = again.files[0]!.importId;
    const none = await cli(['undo-import', String(id), '--db', db]);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toContain('nothing to remove or restore: the import is marked undone');
    expect(none.stdout).not.toMatch(/\b0 /);
    const first = await cli(['undo-import', '2', '--db', db]);
    expect(first.stdout).toContain('24 weather hours it added removed; nothing to restore.');
  });
});
