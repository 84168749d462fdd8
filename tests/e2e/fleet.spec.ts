import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { Publication } from '../../contract/index.js';
import { cli } from '../fixtures/cli.js';
import {
  expect,
  guideScreenshot,
  LFB_SAMPLE,
  LFB_STATIONS,
  openScreen,
  screenshot,
  test,
} from './fixtures.js';

/**
 * One data officer, many dispatcher workstations. The data officer's side is made with the real
 * command line (a signing key, a history with two trained models, publications to a shared folder);
 * the app under test is a dispatcher workstation, set to follow that folder through its Settings dialog.
 */

/** Few trees: the models only need to be real and different, not good. */
const TREES = '20';
const PUBLISHER = "the data officer's workstation";

interface Publisher {
  readonly root: string;
  readonly share: string;
  readonly publicKey: string;
  readonly privateKey: string;
  readonly db: string;
  /** Two trained models, candidates in the publisher's history until one is promoted to publish it. */
  readonly models: readonly [string, string];
}

async function run(args: readonly string[]): Promise<string> {
  const result = await cli(args);
  if (result.code !== 0)
    throw new Error(`pump-eta ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

async function train(db: string, seed: number): Promise<string> {
  const out = JSON.parse(
    await run(['train', '--db', db, '--trees', TREES, '--seed', String(seed), '--json']),
  ) as {
    modelId: string;
  };
  return out.modelId;
}

/** The data officer's workstation, by the command line: keys, LFB records, two trained models, an empty share. */
async function makePublisher(): Promise<Publisher> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pump-eta-fleet-'));
  const share = path.join(root, 'share');
  fs.mkdirSync(share);
  const privateKey = path.join(root, 'keys', 'officer.pem');
  fs.mkdirSync(path.dirname(privateKey));
  await run(['keys', 'create', '--out', privateKey]);
  const db = path.join(root, 'officer.sqlite');
  await run(['import', LFB_STATIONS, LFB_SAMPLE, '--db', db]);
  const models = [await train(db, 1), await train(db, 2)] as const;
  return { root, share, publicKey: `${privateKey}.pub`, privateKey, db, models };
}

/** Promotes the model on the data officer's workstation (only the model in service is published), then publishes it. */
async function publish(publisher: Publisher, modelId: string): Promise<Publication> {
  await run(['promote', modelId, '--force', '--db', publisher.db]);
  const out = JSON.parse(
    await run([
      'publish',
      modelId,
      '--folder',
      publisher.share,
      '--key',
      publisher.privateKey,
      '--db',
      publisher.db,
      '--json',
    ]),
  ) as { publication: Publication };
  return out.publication;
}

/** Settings → follow the shared folder with the data officer's public key, typed as a person would. */
async function followShare(
  app: Page,
  publisher: Publisher,
  saved: string | RegExp = 'Settings saved.',
): Promise<void> {
  await app.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('radio', { name: /Follows the shared folder/ }).check();
  await dialog.getByLabel('Shared folder', { exact: true }).fill(publisher.share);
  await dialog.getByLabel("Data officer's public key file", { exact: true }).fill(publisher.publicKey);
  await expect(dialog.getByLabel('Private key file', { exact: true })).toBeDisabled();
  await dialog.getByLabel('Shared folder', { exact: true }).press('Enter');
  await expect(dialog.getByTestId('settings-outcome')).toHaveText(saved);
}

let publisher: Publisher;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  publisher = await makePublisher();
});

test.afterAll(() => {
  if (publisher) fs.rmSync(publisher.root, { recursive: true, force: true });
});

test('a follower takes the published model, shows where it came from, and refuses a tampered one', async ({
  app,
}, testInfo) => {
  test.setTimeout(90_000);
  const [first, second] = publisher.models;
  const published = await publish(publisher, first);
  await expect(app.getByTestId('model-chip')).toContainText('demo model');

  await followShare(app, publisher);
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('button', { name: 'Check now' }).click();
  await expect(dialog.getByTestId('settings-outcome')).toContainText(`Model ${first}`);
  await guideScreenshot(app, 'settings-dialog', testInfo);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // The header names the model and where it came from, without a reload.
  const chip = app.getByTestId('model-chip');
  await expect(chip).toContainText(first);
  await expect(chip).toContainText(new RegExp(`published \\d{1,2} \\w{3} \\d{2}:\\d{2} by ${PUBLISHER}`));
  await expect(chip).not.toContainText('DEMO MODEL');

  // The Models screen lists the publication, current first, with its key facts.
  await openScreen(app, 'Models');
  const panel = app.getByRole('region', { name: 'Publications' });
  const current = panel.locator(`tr[data-model-id="${first}"]`);
  await expect(current).toContainText('Current');
  await expect(current).toContainText(`by ${PUBLISHER}`);
  await expect(current).toContainText(`publication ${published.sequence}`);
  await expect(panel).toContainText(publisher.share);
  await guideScreenshot(app, 'fleet-publications', testInfo);
  // Promote and rollback are not for a follower: said up front, the buttons disabled with the reason.
  await expect(app.getByTestId('models-locked')).toContainText(
    "This workstation follows the control room's model",
  );
  await expect(app.getByRole('button', { name: 'Rollback…' })).toBeDisabled();

  // The data officer publishes the second model; its file in the share is then damaged.
  const next = await publish(publisher, second);
  const file = path.join(publisher.share, 'models', `${next.sha256}.onnx`);
  const bytes = fs.readFileSync(file);
  bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
  fs.writeFileSync(file, bytes);

  await app.getByRole('button', { name: 'Settings', exact: true }).click();
  await dialog.getByRole('button', { name: 'Check now' }).click();
  await expect(dialog.getByTestId('settings-outcome')).toContainText('refused');
  await dialog.press('Escape');
  await expect(dialog).toBeHidden();

  // One sentence under the header; the previous model keeps answering.
  const notice = app.getByTestId('fleet-notice');
  await expect(notice).toHaveAttribute('role', 'status');
  await expect(notice).toContainText('refused');
  await expect(notice).toContainText(`${first}`);
  const sentence = (await notice.locator('.fleet-notice-text').textContent()) ?? '';
  expect(sentence.trim().split(/(?<=\.)\s+(?=[A-Z])/)).toHaveLength(1);
  await expect(chip).toContainText(first);
  await expect(chip).not.toContainText(second);
  // The Models screen says which file was refused and which publication this workstation still serves.
  await expect(panel.getByTestId('publication-problems')).toContainText(`model ${second}`);
  await expect(panel.locator(`tr[data-model-id="${first}"]`)).toContainText('In service here');
  await expect(panel.locator(`tr[data-model-id="${second}"]`)).not.toContainText('In service here');
  await screenshot(app, 'fleet-refused', testInfo);

  // Dismissed, it stays away until something changes.
  await notice.getByRole('button', { name: 'Dismiss this notice' }).click();
  await expect(notice).toBeHidden();
});

test('the settings dialog refuses a shared folder that does not exist, in a sentence, and keeps the settings', async ({
  app,
}) => {
  const missing = path.join(publisher.root, 'no-such-share');
  await app.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('radio', { name: /Follows the shared folder/ }).check();
  await dialog.getByLabel('Shared folder', { exact: true }).fill(missing);
  await dialog.getByLabel("Data officer's public key file", { exact: true }).fill(publisher.publicKey);
  await dialog.getByRole('button', { name: 'Save' }).click();
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('Not saved');
  await expect(alert).toContainText(missing);
  await expect(alert).toContainText('does not exist');
  await expect(dialog.getByLabel('Shared folder', { exact: true })).toHaveValue(missing);
  await dialog.press('Escape');

  // Nothing was saved: the workstation is still not in a fleet.
  await openScreen(app, 'Models');
  await expect(app.getByRole('region', { name: 'Publications' })).toContainText(
    'This workstation is not in a fleet: set a shared folder in Settings.',
  );
  await app.getByRole('button', { name: 'About' }).click();
  await expect(app.getByRole('region', { name: 'Fleet' })).toContainText('Not in a fleet');
});

test('a follower given a public key that does not verify the publication says so in one sentence and keeps its model', async ({
  app,
}) => {
  test.setTimeout(60_000);
  const [first] = publisher.models;
  await publish(publisher, first);
  const wrongKey = path.join(publisher.root, 'keys', `wrong-${Date.now()}`);
  await run(['keys', 'create', '--out', wrongKey]);
  // Saved, and said at once: the key does not verify the folder's publication.
  await followShare(
    app,
    { ...publisher, publicKey: `${wrongKey}.pub` },
    /^Settings saved, but: The public key in .* does not verify the shared folder's current publication/,
  );
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('button', { name: 'Check now' }).click();
  await expect(dialog.getByTestId('settings-outcome')).toContainText(
    `The folder's publication is not signed by the key in ${wrongKey}.pub`,
  );
  await dialog.press('Escape');
  const notice = app.getByTestId('fleet-notice');
  await expect(notice).toContainText('ask the data officer for the current public key');
  // A fresh workstation serves the demo model: said as such, with who acts — never "retrain".
  await expect(notice).toContainText("The control room's model could not be verified; ");
  await expect(notice).toContainText(
    "until IT gives this workstation the data officer's current public key (Settings › Fleet), answers on " +
      'this workstation come from the demonstration model, trained on synthetic data, not on LFB records.',
  );
  await expect(notice).not.toContainText('last good model');
  await expect(app.getByTestId('model-chip')).toContainText('demo model');
  // Each answer says the same.
  await openScreen(app, 'Incident');
  await app.getByText('Coordinates', { exact: true }).click();
  await app.getByLabel('Easting (metres)').fill('530450');
  await app.getByLabel('Northing (metres)').fill('179050');
  await expect(app.getByTestId('demo-notice')).toContainText(
    "The control room's model could not be verified.",
  );
  await expect(app.getByTestId('demo-notice')).not.toContainText('retrain');
});
