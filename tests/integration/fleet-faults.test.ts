/**
 * Faults in the fleet, with real processes: a `pump-eta publish` SIGKILLed before each of its file
 * system steps in the shared folder in turn (tests/fixtures/fleet-crash.ts counts them: the model's temp
 * file, its write, fsync, close and rename, the journal entry's, the manifest's, the folder syncs), and
 * two publishers racing on one folder. After every kill and every race:
 *
 * - a reader of the folder finds a whole publication that verifies (the old one or the new one), never
 *   a refusal: no manifest names a model that is not whole, no journal entry fails to verify;
 * - a follower (its own history database, a copy per trial) ends on a valid model, old or new, and
 *   answers with it;
 * - publishing again completes, and the follower follows it.
 *
 * The children run the built core (tests/fixtures/built-core.ts), so a trial costs Node's start-up.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/app/core.js';
import { createKeyPair, readPublicKey } from '../../main/core/fleet/keys.js';
import { readCurrent, readJournal } from '../../main/core/fleet/read.js';
import { buildCore } from '../fixtures/built-core.js';
import { publisherDb, setChampion, trainModels } from '../fixtures/fleet.js';
import { REPO_ROOT, tempDir } from '../fixtures/lfb-files.js';

const CRASH_ENTRY = 'tests/fixtures/fleet-crash.ts';
const CHILD_ENTRY = 'tests/fixtures/fault-child.ts';
/** Kill trials run this many at a time. */
const LANES = Number(process.env.PUMP_ETA_FAULT_LANES ?? 2);
const MIN_TRIALS = 13;
const RACE_ROUNDS = 4;
/** Each publisher sleeps this long before each step in the folder, so two started together interleave. */
const RACE_STEP_MS = 15;
const REQUEST = {
  location: { kind: 'coordinates' as const, easting: 530_450, northing: 179_050 },
  pumpOrder: 1,
  deployedFromHome: true,
};

let dir: string;
let cleanup: () => void;
let built: { dir: string; cleanup: () => void };
let officer: { privateKeyFile: string; publicKeyFile: string };
/** Publishers' history databases by the model in service there (only the model in service is published). */
let pubDbs: Record<string, string>;
let ids: string[];
/** A shared folder with publication 1 (model A), and a workstation following it. */
let templateShare: string;
let templateDesk: string;

const builtFile = (entry: string) => path.join(built.dir, entry.replace(/\.ts$/, '.js'));

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** `pump-eta publish` in a child process, from the publisher whose model in service is `model`. */
function publishChild(model: string, folder: string, env: Record<string, string>): Promise<Exit> {
  const proc = spawn(
    process.execPath,
    [
      '--import',
      pathToFileURL(builtFile(CRASH_ENTRY)).href,
      builtFile('main/cli.ts'),
      'publish',
      '--db',
      pubDbs[model]!,
      '--folder',
      folder,
      '--key',
      officer.privateKeyFile,
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, PUMP_ETA_FLEET_FOLDER: folder, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal, stderr })));
}

async function follower(desk: string, folder: string): Promise<Core> {
  return createCore({
    dbPath: path.join(desk, 'history.sqlite'),
    auditLog: 'inline',
    historyPlaces: 'on-demand',
    fleetOverrides: { role: 'follow', folder, publicKeyFile: officer.publicKeyFile },
  });
}

/** What a reader and a follower find in `folder`: a whole, verified publication, and the model it ends on. */
async function check(folder: string, desk: string, allowed: readonly string[]): Promise<string> {
  const key = readPublicKey(officer.publicKeyFile);
  const reading = await readCurrent(folder, key);
  expect(reading.kind, JSON.stringify(reading)).toBe('ok');
  if (reading.kind !== 'ok') throw new Error('unreachable');
  expect(allowed).toContain(reading.manifest.modelId);
  const journal = await readJournal(folder, key);
  expect(journal.problems).toEqual([]);
  expect(journal.publications.map((p) => p.modelId)).toContain(reading.manifest.modelId);
  const core = await follower(desk, folder);
  try {
    const status = await core.syncNow();
    expect(['up-to-date', 'updated'], status.message).toContain(status.outcome);
    expect(core.modelInService().id).toBe(reading.manifest.modelId);
    expect((await core.predict(REQUEST)).modelId).toBe(reading.manifest.modelId);
  } finally {
    await core.close();
  }
  return reading.manifest.modelId;
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('pump-eta-fleet-faults-'));
  built = await buildCore([CRASH_ENTRY, CHILD_ENTRY]);
  officer = createKeyPair(path.join(dir, 'keys', 'officer'));
  const models = await trainModels(path.join(dir, 'train'), [1, 2, 3]);
  pubDbs = {};
  for (const [i, name] of ['a', 'b', 'c'].entries()) {
    const db = path.join(dir, `officer-${name}`, 'history.sqlite');
    ids = publisherDb(db, ...models);
    setChampion(db, ids[i]!);
    pubDbs[ids[i]!] = db;
  }
  templateShare = path.join(dir, 'template-share');
  templateDesk = path.join(dir, 'template-desk');
  fs.mkdirSync(templateShare);
  const first = await publishChild(ids[0]!, templateShare, {});
  expect(first.code, first.stderr).toBe(0);
  expect(await check(templateShare, templateDesk, [ids[0]!])).toBe(ids[0]);
}, 240_000);

afterAll(() => {
  built?.cleanup();
  cleanup?.();
});

function trialCopy(name: string): { share: string; desk: string } {
  const share = path.join(dir, name, 'share');
  const desk = path.join(dir, name, 'desk');
  fs.cpSync(templateShare, share, { recursive: true });
  fs.cpSync(templateDesk, desk, { recursive: true });
  return { share, desk };
}

describe('a publication killed at every step', () => {
  it('leaves the folder whole for readers and every follower on a valid model; publishing again completes', async () => {
    const counting = trialCopy('count');
    const countFile = path.join(dir, 'steps.txt');
    const run = await publishChild(ids[1]!, counting.share, { PUMP_ETA_FLEET_COUNT_FILE: countFile });
    expect(run.code, run.stderr).toBe(0);
    const steps = Number(fs.readFileSync(countFile, 'utf8'));
    expect(steps).toBeGreaterThanOrEqual(MIN_TRIALS);

    const outcomes: { step: number; after: string }[] = [];
    const queue = Array.from({ length: steps }, (_, i) => i + 1);
    const lane = async () => {
      for (let step = queue.shift(); step !== undefined; step = queue.shift()) {
        const trial = trialCopy(`step-${step}`);
        const killed = await publishChild(ids[1]!, trial.share, { PUMP_ETA_FLEET_CRASH_STEP: String(step) });
        expect(killed.signal, `step ${step}: ${killed.stderr}`).toBe('SIGKILL');
        const after = await check(trial.share, trial.desk, [ids[0]!, ids[1]!]);
        outcomes.push({ step, after: after === ids[0] ? 'old' : 'new' });
        const again = await publishChild(ids[1]!, trial.share, {});
        expect(again.code, `step ${step}, publishing again: ${again.stderr}`).toBe(0);
        expect(await check(trial.share, trial.desk, [ids[1]!])).toBe(ids[1]);
        fs.rmSync(path.join(dir, `step-${step}`), { recursive: true, force: true });
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));
    outcomes.sort((a, b) => a.step - b.step);
    // Only the manifest's rename makes a publication current: every kill before it leaves the old one,
    // every kill after it the new one (the folder's sync follows the rename).
    const firstNew = outcomes.findIndex((o) => o.after === 'new');
    expect(firstNew).toBeGreaterThan(0);
    expect(outcomes.slice(0, firstNew).every((o) => o.after === 'old')).toBe(true);
    expect(outcomes.slice(firstNew).every((o) => o.after === 'new')).toBe(true);
    console.info(
      `fleet SIGKILL trials: ${steps} steps, ${outcomes.length} kills; old publication after ` +
        `${outcomes.filter((o) => o.after === 'old').length}, new after ${outcomes.filter((o) => o.after === 'new').length}`,
    );
  }, 600_000);
});

describe('two publishers racing on one folder', () => {
  it('leave one whole manifest that verifies, both journal entries, and followers on the manifest’s model', async () => {
    const winners: string[] = [];
    for (let round = 0; round < RACE_ROUNDS; round++) {
      const trial = trialCopy(`race-${round}`);
      const env = { PUMP_ETA_FLEET_STEP_MS: String(RACE_STEP_MS) };
      const [b, c] = await Promise.all([
        publishChild(ids[1]!, trial.share, env),
        publishChild(ids[2]!, trial.share, env),
      ]);
      expect(b.code, b.stderr).toBe(0);
      expect(c.code, c.stderr).toBe(0);
      winners.push(await check(trial.share, trial.desk, [ids[1]!, ids[2]!]));
      const journal = await readJournal(trial.share, readPublicKey(officer.publicKeyFile));
      expect(journal.publications.map((p) => p.modelId).sort()).toEqual([ids[0], ids[1], ids[2]].sort());
    }
    console.info(
      `fleet races: the manifest ended on ${winners.map((w) => (w === ids[1] ? 'B' : 'C')).join(', ')}`,
    );
  }, 300_000);
});
