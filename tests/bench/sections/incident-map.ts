import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { createCore } from '../../../main/core/app/core.js';
import { importFiles } from '../../../main/core/ingest/index.js';
import { startBridge } from '../../e2e/bridge/server.js';
import { percentile } from '../lib/load.js';
import { median } from '../lib/stats.js';
import type { BenchContext, BenchRow, BenchSection } from '../lib/types.js';

/**
 * The incident map following the form: the built renderer in Debian's Chromium (1366 × 768, as the e2e
 * suite runs it) with a real core behind the test bridge, on a history of the real LFB sample. The
 * dispatcher edits the incident's northing (Coordinates mode) again and again; each time the page
 * notes when the edit's input event fired and when the map's incident pin for the new position was in
 * the document, and then when the next frame was painted. The target is one frame at 60 Hz.
 */
const REAL = '../shared/data/lfb-real';
const FRAME_MS = 1000 / 60;
const EDITS = { full: 60, quick: 20 };
const START = { easting: 531_500, northing: 180_500 } as const;
const STEP_METRES = 40;

interface Timing {
  /** From the input event to the pin for the new position in the document. */
  readonly pinMs: number;
  /** The pin was in the document before the first animation frame after the edit: painted with it. */
  readonly inFirstFrame: boolean;
}

/**
 * Installed in the page before each edit: when the edit's input event fired, when the pin for the new
 * position was in the document (a mutation callback, right after React's commit), and whether that was
 * before the first animation frame after the edit (the frame painted next). LABEL is the pin's label.
 */
const PAGE_TIMER = `
  window.__mapTiming = new Promise((resolve) => {
    let inputAt = 0, pinAt = 0, frameAt = 0;
    const label = LABEL;
    const seen = new MutationObserver(() => {
      if (inputAt && !pinAt && document.querySelector('[aria-label="' + label + '"]')) {
        pinAt = performance.now();
        settle();
      }
    });
    const settle = () => {
      if (pinAt && frameAt) {
        seen.disconnect();
        resolve({ pinMs: pinAt - inputAt, inFirstFrame: pinAt <= frameAt });
      }
    };
    seen.observe(document.body, { subtree: true, childList: true, attributes: true });
    document.addEventListener('input', () => {
      inputAt = performance.now();
      requestAnimationFrame(() => { frameAt = performance.now(); settle(); });
    }, { capture: true, once: true });
  });
  undefined; // evaluate() must not wait for the promise: the edit that settles it comes after
`;

export const section: BenchSection = {
  name: 'incident-map',
  order: 56,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const rendererDir = path.join(ctx.repoRoot, 'dist', 'renderer');
    ctx.log('incident-map: building the renderer');
    const build = spawnSync(process.execPath, ['scripts/build.mjs', 'renderer'], {
      cwd: ctx.repoRoot,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`building the renderer failed: ${build.stderr}`);
    const real = path.resolve(ctx.repoRoot, REAL);
    const dbPath = path.join(ctx.tmpDir, 'map.sqlite');
    const imported = await importFiles(dbPath, [
      path.join(real, 'incidents-2023-sample.csv'),
      path.join(real, 'stations.csv'),
    ]);
    if (imported.errors.length) throw new Error(imported.errors[0]!.message);
    const core = await createCore({ dbPath, resourcesDir: path.join(ctx.repoRoot, 'resources') });
    const uploadDir = path.join(ctx.tmpDir, 'uploads');
    fs.mkdirSync(uploadDir, { recursive: true });
    const bridge = await startBridge({ core, rendererDir, uploadDir });
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--lang=en-GB'],
    });
    const timings: Timing[] = [];
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
      await page.goto(bridge.url);
      await page.getByText('Coordinates', { exact: true }).click();
      await page.getByLabel('Easting (metres)').fill(String(START.easting));
      const northing = page.getByLabel('Northing (metres)');
      await northing.fill(String(START.northing));
      // The first answer: the map is made, framed and labelled.
      await page.getByLabel(`Incident at ${START.easting}, ${START.northing}`).waitFor({ timeout: 60_000 });
      await page.getByTestId('eta').waitFor({ timeout: 60_000 });
      const edits = ctx.quick ? EDITS.quick : EDITS.full;
      ctx.log(`incident-map: ${edits} edits of the northing`);
      for (let i = 1; i <= edits; i++) {
        const value = START.northing + i * STEP_METRES;
        const pinLabel = `Incident at ${START.easting}, ${value}`;
        // Listeners first, in the page: when the edit's input event fired, when the pin for the new
        // position was in the document (a mutation callback, right after React's commit), and the first
        // animation frame after the edit (the frame that is painted next).
        // (Page code as text: this file is type-checked for Node, without the DOM.)
        await page.evaluate(PAGE_TIMER.replace('LABEL', JSON.stringify(pinLabel)));
        await northing.fill(String(value));
        const timing = (await page.evaluate('window.__mapTiming')) as Timing;
        timings.push(timing);
        // Let the answer for this place arrive, as a dispatcher pausing would, before the next edit.
        await page.locator('figure.incident-map:not(.answer-stale)').waitFor({ timeout: 60_000 });
      }
    } finally {
      await browser.close();
      await bridge.close();
      await core.close();
    }
    const pin = Float64Array.from(timings.map((t) => t.pinMs)).sort();
    const first = timings.filter((t) => t.inFirstFrame).length / timings.length;
    const c = `pin follows an edited coordinate (${timings.length} edits, real sample history)`;
    return [
      { section: 'incident-map', case: c, metric: 'edit to pin p50', value: median([...pin]), unit: 'ms' },
      {
        section: 'incident-map',
        case: c,
        metric: 'edit to pin p95',
        value: percentile(pin, 0.95),
        unit: 'ms',
        target: FRAME_MS,
      },
      {
        section: 'incident-map',
        case: c,
        metric: 'pin painted in the first frame',
        value: first * 100,
        unit: '%',
        target: 95,
        targetIs: 'min',
      },
    ];
  },
};
