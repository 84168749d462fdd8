import fs from 'node:fs';
import path from 'node:path';
import {
  COVER_CELL_METRES,
  MAX_WITHOUT_STATIONS,
  TARGET_SECONDS,
  type CoverExportFormat,
} from '../../contract/index.js';
import { writeCoverFile } from '../core/cover/render.js';
import { intFlag, parseCommandArgs, printJson, UsageError, type Command } from './common.js';
import { openContext } from './context.js';

function formatOf(output: string): CoverExportFormat {
  const ext = path.extname(output).toLowerCase();
  switch (ext) {
    case '.png':
      return 'png';
    case '.csv':
      return 'csv';
    default:
      throw new UsageError(
        `--output must name a .png (the map) or a .csv (one row per cell) file, got '${output}'.`,
      );
  }
}

/** Refused before any work: a folder that is not there, or an output that is a folder. */
function checkOutput(output: string): void {
  const dir = path.dirname(path.resolve(output));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new UsageError(`--output ${output}: the folder ${dir} does not exist.`);
  }
  if (fs.existsSync(output) && fs.statSync(output).isDirectory()) {
    throw new UsageError(`--output ${output} is a folder: name a file in it.`);
  }
}

/**
 * `pump-eta cover --time WHEN [--cell M] [--without STATION,...] --output FILE.png|FILE.csv`: the best
 * ETA from any station to every cell of a grid over Greater London, from the model in service, as the
 * app's cover map computes it.
 */
export const coverCommand: Command = async (argv, io) => {
  const { values } = parseCommandArgs('cover', argv, {
    db: { type: 'string' },
    json: { type: 'boolean', default: false },
    time: { type: 'string' },
    cell: { type: 'string' },
    without: { type: 'string', multiple: true },
    output: { type: 'string' },
  });
  if (values.time === undefined) {
    throw new UsageError('say which day and hour: --time 2026-11-28T17:00 (London time) or an ISO time.');
  }
  if (values.output === undefined) throw new UsageError('say where to write: --output FILE.png or FILE.csv.');
  const output = values.output;
  const format = formatOf(output);
  checkOutput(output);
  const cellMetres = intFlag(
    'cell',
    values.cell,
    COVER_CELL_METRES.default,
    COVER_CELL_METRES.min,
    COVER_CELL_METRES.max,
  );
  const without = (values.without ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (values.without !== undefined && without.length === 0) {
    throw new UsageError('--without names no station: give codes or names, e.g. --without Soho,A21.');
  }
  if (without.length > MAX_WITHOUT_STATIONS) {
    throw new UsageError(`--without names at most ${MAX_WITHOUT_STATIONS} stations, got ${without.length}.`);
  }
  // A fresh install maps the demo model's cover: the history database is created empty.
  const ctx = await openContext(values.db, io, { create: true });
  try {
    const cover = await ctx.core.cover({ callTime: values.time, cellMetres, without });
    writeCoverFile(cover, format, output);
    const etas = cover.bestEtaSeconds.filter((s): s is number => s !== null);
    const withinTarget = etas.filter((s) => s <= TARGET_SECONDS).length;
    const { incidents, outOfReach, share } = cover.incidentsOutOfReach;
    if (values.json) {
      printJson(io, {
        output,
        format,
        callTime: cover.callTime,
        cellMetres: cover.cellMetres,
        columns: cover.columns,
        rows: cover.rows,
        bounds: cover.bounds,
        londonCells: etas.length,
        cellsWithinTarget: withinTarget,
        without: cover.without,
        incidentsOutOfReach: cover.incidentsOutOfReach,
        modelId: cover.modelId,
        isDemoModel: cover.isDemoModel,
      });
    } else {
      const demo = cover.isDemoModel ? ' (the demo model: synthetic, not for real decisions)' : '';
      io.stdout(`Cover for ${cover.callTime}, ${cover.cellMetres} m cells, model ${cover.modelId}${demo}\n`);
      if (cover.without.length > 0) {
        const named = cover.without.map((code) => {
          const station = cover.stations.find((s) => s.code === code);
          return station ? `${station.name} (${code})` : code;
        });
        io.stdout(`  Taken out: ${named.join(', ')}\n`);
      }
      io.stdout(
        `  ${withinTarget} of ${etas.length} London cells reached within ${TARGET_SECONDS} s` +
          (incidents > 0
            ? `; ${outOfReach} of ${incidents} past incidents (${(share * 100).toFixed(1)} %) lie where it is out of reach\n`
            : '; no incidents imported to weigh the cells by\n'),
      );
      io.stdout(`  Wrote ${output}\n`);
    }
    return 0;
  } finally {
    await ctx.close();
  }
};
