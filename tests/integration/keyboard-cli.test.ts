import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliJson } from '../fixtures/cli.js';
import { real, REPO_ROOT, tempDir } from '../fixtures/lfb-files.js';

/**
 * The CLI as a new user meets it, one test per thing that went wrong at the keyboard: times and places
 * as people write them, numbers out of range, the rank table, the model commands' words and history,
 * files that are not what they should be, a closed pipe, help and the version. Real processes, a real
 * database, the bundled demo model and real LFB records.
 */
let dir: string;
let cleanup: () => void;
let db: string;
beforeAll(() => {
  ({ dir, cleanup } = tempDir('pump-eta-keyboard-'));
  db = path.join(dir, 'history.sqlite');
});
afterAll(() => cleanup());

interface Prediction {
  etaSeconds: number;
  modelId: string;
  isDemoModel: boolean;
  station: { code: string; name: string };
  resolvedLocation: { easting: number; northing: number; description?: string };
}

const run = (...args: string[]) => cli([...args, '--db', db]);
const json = <T>(...args: string[]) => cliJson<T>([...args, '--db', db]);

/** The one stderr line of a refusal, with its exit code. */
async function refusal(...args: string[]): Promise<{ code: number; line: string }> {
  const r = await run(...args);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return { code: r.code, line: r.stderr.trim() };
}

/** `npx pump-eta …` lines of the README that answer a dispatcher (no placeholders). */
function readmeDispatchExamples(): string[][] {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  return (
    readme
      .split('\n')
      // A trailing `# …` explains the example; the shell never passes it on.
      .map((l) => l.replace(/\s+#.*$/, '').trim())
      .filter((l) => /^npx pump-eta (predict|rank|stations)\b/.test(l) && !/[[\]|]|FILE|\bID\b/.test(l))
      .map((l) => [...l.replace(/^npx pump-eta /, '').matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!))
  );
}

describe('at the keyboard: times', () => {
  it('reads an ISO time without offset as London time, and shows how it was read', async () => {
    const r = await run('predict', '--postcode', 'SE1', '--time', '2025-03-14T17:30:00');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Call time: Fri 14 Mar 2025 17:30 London time \(GMT\)/);
    // In summer 17:30 London is 16:30 UTC: the same instant, so the same answer.
    const local = await json<Prediction>('predict', '--postcode', 'SE1', '--time', '2025-07-14T17:30');
    const utc = await json<Prediction>('predict', '--postcode', 'SE1', '--time', '2025-07-14T16:30:00Z');
    expect(local.etaSeconds).toBe(utc.etaSeconds);
    // A Z typed in summer is no longer silent: the answer says which London time it was.
    const z = await run('predict', '--postcode', 'SE1', '--time', '2025-07-14T17:30:00Z');
    expect(z.stdout).toMatch(/Call time: Mon 14 Jul 2025 18:30 London time \(BST\)/);
  });

  it('reads HH:MM as today, London time, with no error', async () => {
    const r = await run('predict', '--postcode', 'SE1', '--time', '17:30');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Call time: \w{3} \d{1,2} \w{3} \d{4} 17:30 London time \((GMT|BST)\)/);
  });

  it('says plainly that the autumn hour happens twice, and how to choose', async () => {
    const { code, line } = await refusal('predict', '--postcode', 'SE1', '--time', '2025-10-26T01:30');
    expect(code).toBe(2);
    expect(line).toMatch(
      /happens twice in London.*\+01:00 for the first \(BST\).*\+00:00 for the second \(GMT\)/,
    );
  });
});

describe('at the keyboard: places and categories', () => {
  it('places a full postcode at its district and says so', async () => {
    const r = await run('predict', '--postcode', 'SE1 7PB');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /Placed at postcode district SE1 \(the history has no incidents at SE1 7PB, so it is placed at its district\)/,
    );
    const p = await json<Prediction>('predict', '--postcode', 'se17pb');
    expect(p.resolvedLocation.description).toMatch(
      /^postcode district SE1 \(the history has no incidents at SE1 7PB/,
    );
  });

  it('answers a misspelt station with the nearest names, and lists the stations', async () => {
    const { line } = await refusal('predict', '--postcode', 'SE1', '--station', 'Lambth');
    expect(line).toMatch(/station: unknown station 'Lambth' — did you mean 'Lambeth'\?/);
    const stations = await run('stations');
    expect(stations.stdout).toMatch(/^102 stations/);
    expect(stations.stdout).toMatch(/ {2}Lambeth +H22\n/);
  });

  it('finds wards whatever the case, & or and, and punctuation; suggests near misses', async () => {
    const a = await json<Prediction>('predict', '--ward', 'lambeth  north');
    const b = await json<Prediction>('predict', '--ward', 'LAMBETH-NORTH');
    expect(a.resolvedLocation).toEqual(b.resolvedLocation);
    const { line } = await refusal('rank', '--ward', 'Lambeth Nroth');
    expect(line).toMatch(/unknown ward 'Lambeth Nroth' — did you mean 'LAMBETH NORTH'/);
  });

  it('on a fresh install, the README examples work (the demo knows its wards) and explains real ones', async () => {
    const examples = readmeDispatchExamples();
    expect(examples.length).toBeGreaterThanOrEqual(5);
    expect(examples.some((e) => e[0] === 'rank' && e.includes('--ward'))).toBe(true);
    for (const args of examples) {
      const r = await run(...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stderr).toBe('');
    }
    const { line } = await refusal('rank', '--ward', 'Waterloo & South Bank');
    expect(line).toMatch(
      /the demo model knows only its synthetic wards .*import LFB incident data for real ones/,
    );
  });

  it('refuses an unknown category naming the field and the values, and accepts loose spellings', async () => {
    const { code, line } = await refusal('predict', '--postcode', 'SE1', '--property-category', 'Nonsense');
    expect(code).toBe(2);
    expect(line).toMatch(
      /propertyCategory: unknown property category 'Nonsense'\. Known values: Aircraft, Boat, Dwelling/,
    );
    const near = await refusal('predict', '--postcode', 'SE1', '--property-category', 'Dweling');
    expect(near.line).toMatch(/did you mean 'Dwelling'\?/);
    expect((await run('predict', '--postcode', 'SE1', '--property-category', 'non-residential')).code).toBe(
      0,
    );
  });
});

describe('at the keyboard: numbers', () => {
  it('gives negative and out-of-range numbers a range error naming the field', async () => {
    const order = await refusal('predict', '--postcode', 'SE1', '--pump-order', '-1');
    expect(order.line).toMatch(/--pump-order must be between 1 and 20, got -1\./);
    const north = await refusal('predict', '--easting', '530000', '--northing', '-0.1');
    expect(north.line).toMatch(
      /--northing must be between 150800 and 206000 \(British National Grid metres.*got -0\.1/,
    );
    expect(north.line).not.toMatch(/ambiguous/);
  });
});

describe('at the keyboard: the rank table', () => {
  it('has the DEMO label, a header, a legend, and --all shows every station', async () => {
    const r = await run('rank', '--postcode', 'SE1');
    expect(r.stdout).toMatch(/^DEMO MODEL: Trained on synthetic data, not on LFB records: import LFB data/);
    expect(r.stdout).toMatch(/#\s+station\s+ETA\s+90 % bound\s+target\s+≤ 6 min\s+risk/);
    expect(r.stdout).toMatch(/^\s+1 {2}.+ \d{1,3} %/m);
    expect(r.stdout).toMatch(/≤ 6 min: the calibrated chance/);
    expect(r.stdout).toMatch(
      /RISK: estimates like this one arrived over 2 minutes late more often than most/,
    );
    expect(r.stdout).toMatch(/FAR: farther than almost every journey/);
    expect(r.stdout).toMatch(/90 % bound: 9 times in 10/);
    const rows = (text: string) => text.split('\n').filter((l) => /^\s*\d+ {2}\S/.test(l)).length;
    expect(rows(r.stdout)).toBe(10);
    expect(r.stdout).toMatch(/… 92 more stations: --all shows every one/);
    const all = await run('rank', '--postcode', 'SE1', '--all');
    expect(rows(all.stdout)).toBe(102);
  });
});

describe('at the keyboard: models', () => {
  let first = '';
  let second = '';
  let demo = '';

  it('compares in the Models screen words and marks forced promotions in models', async () => {
    demo = (await json<{ champion: string }>('models')).champion;
    const imported = await run('import', real('incidents-2023-sample.csv'), real('stations.csv'));
    expect(imported.code).toBe(0);
    first = (await json<{ modelId: string }>('train', '--seed', '1', '--trees', '30')).modelId;
    second = (await json<{ modelId: string }>('train', '--seed', '2', '--trees', '40')).modelId;
    const compared = await run('compare', second);
    expect(compared.code).toBe(0);
    expect(compared.stdout).toMatch(/Mean absolute error\s+\d+\.\d s\s+\d+\.\d s/);
    expect(compared.stdout).toMatch(/Risk flag: share of calls flagged/);
    expect(compared.stdout).not.toMatch(/medianAbsError|riskFireRate|\bmae\b/);
    expect((await run('promote', first, '--force')).code).toBe(0);
    const models = await run('models');
    const line = models.stdout.split('\n').find((l) => l.startsWith(first));
    expect(line).toMatch(/\*champion.*promoted with --force/);
    const listed = await json<{ models: { id: string; forcedPromotion: boolean }[] }>('models');
    expect(listed.models.find((m) => m.id === first)?.forcedPromotion).toBe(true);
    expect(listed.models.find((m) => m.id === demo)?.forcedPromotion).toBe(false);
  }, 300_000);

  it('rollback walks back through the trained champions, never to the demo model unless named; rollback ID picks one', async () => {
    expect((await run('promote', second, '--force')).code).toBe(0);
    const champion = async () => (await json<{ champion: string }>('models')).champion;
    expect(await champion()).toBe(second);
    expect((await run('rollback')).stdout).toMatch(new RegExp(`Model ${first} is back in service`));
    // The second rollback would go one further back, past the first trained model: only the demo model
    // is there, and a plain rollback never goes to it — refused, saying how to name it on purpose.
    const refused = await run('rollback');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(
      new RegExp(
        `there is no earlier trained model to roll back to: model ${first} is the first trained model in service here`,
      ),
    );
    expect(refused.stderr).toMatch(/name it: 'pump-eta rollback ID'/);
    expect(await champion()).toBe(first);
    // Named, the demo model is put back, and that is said loudly.
    const toDemo = await run('rollback', demo);
    expect(toDemo.code).toBe(0);
    expect(await champion()).toBe(demo);
    expect(toDemo.stdout).toMatch(/WARNING: this is the DEMO model, trained on synthetic data/);
    expect((await run('rollback', second)).code).toBe(0);
    expect(await champion()).toBe(second);
  }, 120_000);

  it('evaluates --data A B as the usage shows', async () => {
    const r = await json<{ rows: { used: number } }>(
      'evaluate',
      '--data',
      real('incidents-2023-sample.csv'),
      real('stations.csv'),
    );
    expect(r.rows.used).toBeGreaterThan(1000);
  }, 120_000);

  it('refuses a batch file with no usable rows, saying why, and writes nothing', async () => {
    const out = path.join(dir, 'p.csv');
    const { code, line } = await refusal('predict', '--input', real('stations.csv'), '--output', out);
    expect(code).toBe(1);
    expect(line).toMatch(
      /no vehicle rows to score in stations\.csv \(stations\): give an LFB Mobilisation file/,
    );
    expect(fs.existsSync(out)).toBe(false);
  }, 120_000);

  it('says a file that is not a model is not a model', async () => {
    const notes = path.join(dir, 'notes.txt');
    fs.writeFileSync(notes, 'shift notes: pump 2 off the run\n');
    const { code, line } = await refusal(
      'evaluate',
      '--model',
      notes,
      '--data',
      real('incidents-2023-sample.csv'),
    );
    expect(code).toBe(1);
    expect(line).toMatch(
      /--model .*notes\.txt is not a Pump ETA model \(an \.onnx file made by 'pump-eta train'/,
    );
  });
});

describe('at the keyboard: the process', () => {
  it('ends quietly when the reader closes the pipe', async () => {
    for (const args of [['models'], ['rank', '--postcode', 'SE1', '--all'], ['help']]) {
      const child = spawn(process.execPath, ['bin/pump-eta.mjs', ...args, '--db', db], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // `| head -1` that has already gone: the reader closes before the answer is written, so every
      // write meets a closed pipe (reading a first chunk would let the whole table fit in the pipe).
      child.stdout.destroy();
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr, args.join(' ')).not.toMatch(/EPIPE|Error|\n\s+at /);
      expect(code, args.join(' ')).toBe(0);
    }
  }, 60_000);

  it('answers --version and COMMAND --help, and npx prints no npm warning', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect((await cli(['--version'])).stdout).toBe(`pump-eta ${pkg.version}\n`);
    const help = await cli(['predict', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: pump-eta predict/);
    expect(help.stdout).toMatch(/--time +when the call came in/);
    expect((await cli(['rank', '-h'])).stdout).toMatch(/^Usage: pump-eta rank .*--all/);
    expect((await cli(['help', 'rollback'])).stdout).toMatch(/^Usage: pump-eta rollback/);
    const npx = await new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
      const child = spawn('npx', ['--offline', 'pump-eta', 'help'], { cwd: REPO_ROOT });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(npx.code).toBe(0);
    expect(npx.stdout).toMatch(/^Pump ETA/);
    expect(npx.stderr).not.toMatch(/npm warn/i);
  }, 60_000);
});
