/**
 * Each test gets its own data folder, a real core (SQLite + ONNX) on a fresh database in it, and the test
 * bridge serving the built renderer with that core behind window.pumpEta.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { createCore } from '../../main/core/app/core.js';
import type { CoreApi } from '../../main/core/app/types.js';
import { startBridge, type Bridge } from './bridge/server.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Real LFB records, read from the shared folder (never copied into the project). */
export const LFB_SAMPLE = path.resolve(REPO, '../shared/data/lfb-real/incidents-2023-sample.csv');
/** The 103 LFB stations with their callsigns and grid positions (same shared folder). */
export const LFB_STATIONS = path.resolve(REPO, '../shared/data/lfb-real/stations.csv');
export const SCREENS_DIR = path.join(REPO, 'test-results', 'screens');
const APP_VERSION = (
  JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }
).version;
const RENDERER_DIR = path.join(REPO, 'dist', 'renderer');
/** Where files "saved" from the app land, inside the test's data folder. */
export const EXPORTS = 'exports';
const RESOURCES_DIR = path.join(REPO, 'resources');

interface Fixtures {
  /** This test's own folder: database, model files, uploads. */
  dataDir: string;
  core: CoreApi;
  bridge: Bridge;
  /** The app, loaded and showing its first screen. */
  app: Page;
  /** Console errors, page errors and CSP reports seen by the app; must stay empty unless a test allows them. */
  problems: string[];
  allowProblems: boolean;
}

export const test = base.extend<Fixtures>({
  allowProblems: [false, { option: true }],
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pump-eta-e2e-'));
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  core: async ({ dataDir }, use) => {
    const core = await createCore({
      dbPath: path.join(dataDir, 'history.sqlite'),
      resourcesDir: RESOURCES_DIR,
      appVersion: APP_VERSION,
    });
    await use(core);
    await core.close();
  },
  bridge: async ({ core, dataDir }, use) => {
    const bridge = await startBridge({
      core,
      rendererDir: RENDERER_DIR,
      uploadDir: path.join(dataDir, 'uploads'),
      // The save dialog's stand-in: the suggested name, in this test's exports folder.
      chooseSaveFile: async (suggestedName) => {
        fs.mkdirSync(path.join(dataDir, EXPORTS), { recursive: true });
        return path.join(dataDir, EXPORTS, suggestedName);
      },
    });
    await use(bridge);
    await bridge.close();
  },
  problems: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await use(problems);
  },
  app: async ({ page, bridge, problems, allowProblems }, use) => {
    await page.goto(bridge.url);
    await expect(page.getByRole('heading', { name: 'Pump ETA' })).toBeVisible();
    await use(page);
    if (!allowProblems) expect(problems, 'the app logged errors').toEqual([]);
  },
});

export { expect };

/** Saves a screenshot under test-results/screens/ (the CI artifact) and attaches it to the report. */
export async function screenshot(page: Page, name: string, testInfo: TestInfo): Promise<void> {
  fs.mkdirSync(SCREENS_DIR, { recursive: true });
  const file = path.join(SCREENS_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

/** The user guide's pictures (docs/images/), rewritten only when asked: PUMP_ETA_GUIDE_SCREENS=1. */
export const GUIDE_IMAGES_DIR = path.join(REPO, 'docs', 'images');

/**
 * A screenshot the user guide shows. Always saved with the others; copied into docs/images/ when
 * PUMP_ETA_GUIDE_SCREENS=1 (`PUMP_ETA_GUIDE_SCREENS=1 npm run test:e2e`), so an ordinary test run does
 * not rewrite the committed pictures.
 */
export async function guideScreenshot(page: Page, name: string, testInfo: TestInfo): Promise<void> {
  await screenshot(page, name, testInfo);
  if (process.env.PUMP_ETA_GUIDE_SCREENS === '1') {
    fs.mkdirSync(GUIDE_IMAGES_DIR, { recursive: true });
    fs.copyFileSync(path.join(SCREENS_DIR, `${name}.png`), path.join(GUIDE_IMAGES_DIR, `${name}.png`));
  }
}

export interface DroppedFile {
  readonly name: string;
  readonly bytes: Buffer;
  readonly mimeType?: string;
}

export function fileFrom(filePath: string): DroppedFile {
  return {
    name: path.basename(filePath),
    bytes: fs.readFileSync(filePath),
    mimeType: filePath.endsWith('.csv') ? 'text/csv' : 'application/octet-stream',
  };
}

/** Drags files over the window and drops them, as a person would from the file manager. */
export async function dropFiles(page: Page, files: readonly DroppedFile[]): Promise<void> {
  const payload = files.map((f) => ({
    name: f.name,
    base64: f.bytes.toString('base64'),
    type: f.mimeType ?? '',
  }));
  const dataTransfer = await page.evaluateHandle((items) => {
    // Runs in the page (DOM types are not in this project's lib, hence the narrow local types).
    const g = globalThis as unknown as {
      DataTransfer: new () => { items: { add(file: unknown): void } };
      File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
      atob(data: string): string;
    };
    const transfer = new g.DataTransfer();
    for (const item of items) {
      const binary = g.atob(item.base64);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      transfer.items.add(new g.File([bytes], item.name, { type: item.type }));
    }
    return transfer;
  }, payload);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await page.dispatchEvent('body', 'dragover', { dataTransfer });
  await expect(page.getByText('Drop LFB files to import them')).toBeVisible();
  await page.dispatchEvent('body', 'drop', { dataTransfer });
}

/** Opens a screen from the header. */
export async function openScreen(
  page: Page,
  name: 'Incident' | 'Cover' | 'Import' | 'Models' | 'Data' | 'Monitoring',
): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true }).click();
}
