import { storedWeatherText } from '../../contract/weather.js';
import { History, type HistoryStats, type RangeStats } from '../core/app/history.js';
import {
  cliDbPath,
  parseCommandArgs,
  printJson,
  requireExistingDb,
  type CliIO,
  type Command,
} from './common.js';

const fmt = (n: number) => n.toLocaleString('en-GB');

function rangeLine(label: string, r: RangeStats): string {
  const dates = r.firstDate ? `  ${r.firstDate} … ${r.lastDate}` : '';
  return `${label.padEnd(14)}${fmt(r.count).padStart(12)}${dates}`;
}

function human(db: string, s: HistoryStats): string {
  return [
    `database      ${db}`,
    rangeLine('incidents', s.incidents),
    rangeLine('mobilisations', s.mobilisations),
    `${'stations'.padEnd(14)}${fmt(s.stations.count).padStart(12)}`,
    `${'weather'.padEnd(14)}${fmt(s.weather.count).padStart(12)}  ${storedWeatherText(s.weather)}`,
    `${'imports'.padEnd(14)}${fmt(s.imports.count).padStart(12)}${s.imports.lastFinishedAt ? `  last ${s.imports.lastFinishedAt}` : ''}`,
  ].join('\n');
}

export const statsCommand: Command = async (argv, io: CliIO) => {
  const { values } = parseCommandArgs('stats', argv, { db: { type: 'string' }, json: { type: 'boolean' } });
  // Looking must not create a database as a side effect.
  const dbPath = requireExistingDb(cliDbPath(values.db, io));
  let stats: HistoryStats;
  const history = History.open(dbPath, { readonly: true });
  try {
    stats = history.stats();
  } finally {
    history.close();
  }
  if (values.json) printJson(io, { db: dbPath, ...stats });
  else io.stdout(human(dbPath, stats) + '\n');
  return 0;
};
