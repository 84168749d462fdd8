import path from 'node:path';
import {
  intFlag,
  parseCommandArgs,
  printJson,
  UsageError,
  type CliIO,
  type Command,
} from '../../main/cli/common.js';
import { generateSynthetic, MAX_MOBILISATIONS, type SyntheticFormat } from './index.js';

const DEFAULT_MOBILISATIONS = 10_000;
const DEFAULT_SEED = '1';
const FORMATS: readonly SyntheticFormat[] = ['xlsx', 'csv'];

/**
 * `pump-eta synth --out DIR [--mobilisations N] [--format xlsx|csv] [--seed S] [--start-date D] [--months M]
 *  [--weather]`
 * writes synthetic (made-up) Incident and Mobilisation files in the real LFB layout, with stations.csv,
 * school-holidays.json and ground-truth.json beside them. Loaded by main/cli/synth.ts in a source checkout.
 */
export const synthCommand: Command = async (argv, io: CliIO) => {
  const { values } = parseCommandArgs('synth', argv, {
    out: { type: 'string' },
    mobilisations: { type: 'string' },
    format: { type: 'string' },
    seed: { type: 'string' },
    'start-date': { type: 'string' },
    months: { type: 'string' },
    weather: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (!values.out) throw new UsageError('--out DIR is required.');
  const format = (values.format ?? 'xlsx') as SyntheticFormat;
  if (!FORMATS.includes(format))
    throw new UsageError(`--format must be xlsx or csv, got '${values.format}'.`);
  const mobilisations = intFlag(
    'mobilisations',
    values.mobilisations,
    DEFAULT_MOBILISATIONS,
    1,
    MAX_MOBILISATIONS,
  );
  const months = values.months === undefined ? undefined : intFlag('months', values.months, 12, 1, 1200);
  const startDate = values['start-date'];
  if (startDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(startDate)) {
    throw new UsageError(`--start-date must be YYYY-MM-DD, got '${startDate}'.`);
  }
  const started = Date.now();
  const tty = !values.json && process.stderr.isTTY;
  const result = await generateSynthetic({
    outDir: path.resolve(values.out),
    mobilisations,
    format,
    seed: values.seed ?? DEFAULT_SEED,
    ...(startDate ? { startDate } : {}),
    ...(months ? { months } : {}),
    ...(values.weather ? { weather: true } : {}),
    ...(tty ? { onProgress: (n: number) => io.stderr(`\r${n.toLocaleString('en-GB')} mobilisations…`) } : {}),
  });
  if (tty) io.stderr('\n');
  const seconds = (Date.now() - started) / 1000;
  if (values.json) {
    printJson(io, { ...result, seconds });
  } else {
    io.stdout(
      [
        `SYNTHETIC data (not real LFB records), seed ${values.seed ?? DEFAULT_SEED}, ${result.firstDate} … ${result.lastDate}`,
        `  ${result.incidentsFile}  (${result.incidents.toLocaleString('en-GB')} incidents)`,
        `  ${result.mobilisationsFile}  (${result.mobilisations.toLocaleString('en-GB')} mobilisations)`,
        `  ${result.stationsFile}`,
        `  ${result.schoolHolidaysFile}`,
        `  ${result.groundTruthFile}`,
        ...(result.weatherFiles
          ? [`  ${result.weatherFiles.visualCrossing}`, `  ${result.weatherFiles.openMeteo}`]
          : []),
        `written in ${seconds.toFixed(1)} s`,
      ].join('\n') + '\n',
    );
  }
  return 0;
};
