import fs from 'node:fs';
import type { IncidentInput, PredictRequest, Prediction } from '../../contract/index.js';
import {
  IncidentSchema,
  parsePayload,
  PUMPS_UNAVAILABLE_REASON,
  targetVerdict,
  weatherLine,
  TARGET_VERDICT_WORDS,
  LIKELY_CHANCE,
  UNLIKELY_CHANCE,
  WEATHER_PRESET_LABEL,
  WEATHER_PRESETS,
  type WeatherPreset,
} from '../../contract/index.js';
import { CallTimeError, describeLondonTime, resolveCallTime } from '../core/calendar/callTime.js';
import { formatMmSs, isFlagged } from '../core/evaluation/risk.js';
import { DEFAULT_LONDON_MARGIN_M, GREATER_LONDON_BOUNDS } from '../core/geo/london.js';
import { findStation } from '../core/places/stations.js';
import { didYouMean } from '../core/util/fuzzy.js';
import { scoreRows } from '../core/serving/batch.js';
import {
  intFlag,
  numberFlag,
  parseCommandArgs,
  printJson,
  UsageError,
  type CliIO,
  type Command,
} from './common.js';
import { openContext, resolveModelArg, withFileRows, type CliContext } from './context.js';

const INCIDENT_FLAGS = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  easting: { type: 'string' },
  northing: { type: 'string' },
  postcode: { type: 'string' },
  ward: { type: 'string' },
  time: { type: 'string' },
  'incident-group': { type: 'string' },
  'stop-code': { type: 'string' },
  'property-category': { type: 'string' },
  'property-type': { type: 'string' },
  'address-qualifier': { type: 'string' },
  weather: { type: 'string' },
  'rain-mm': { type: 'string' },
  'temp-c': { type: 'string' },
} as const;

type IncidentFlags = { [K in keyof typeof INCIDENT_FLAGS]?: string | boolean };

/** Grid coordinates a London incident can have (the boundary's box, with the core's margin). */
const B = GREATER_LONDON_BOUNDS;
const M = DEFAULT_LONDON_MARGIN_M;
const GRID = 'British National Grid metres, Greater London';
const MAX_PUMP_ORDER = 20;
const RANK_DEFAULT_ROWS = 10;

/** The incident as the contract describes it, validated by the same schema the app's IPC uses. */
function incidentFrom(values: IncidentFlags): IncidentInput {
  const s = (k: keyof IncidentFlags) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  let location: unknown;
  if (s('easting') !== undefined || s('northing') !== undefined) {
    if (s('easting') === undefined || s('northing') === undefined) {
      throw new UsageError('give both --easting and --northing (British National Grid metres).');
    }
    location = {
      kind: 'coordinates',
      easting: numberFlag('easting', s('easting')!, B.minEasting - M, B.maxEasting + M, GRID),
      northing: numberFlag('northing', s('northing')!, B.minNorthing - M, B.maxNorthing + M, GRID),
    };
  } else if (s('postcode') !== undefined) location = { kind: 'postcodeDistrict', value: s('postcode') };
  else if (s('ward') !== undefined) location = { kind: 'ward', value: s('ward') };
  else
    throw new UsageError(
      'say where the incident is: --easting E --northing N, --postcode SE1 (or SE1 7PB) or --ward NAME.',
    );
  const raw = {
    location,
    ...(s('time') !== undefined ? { callTime: s('time') } : {}),
    ...(s('incident-group') !== undefined ? { incidentGroup: s('incident-group') } : {}),
    ...(s('stop-code') !== undefined ? { stopCode: s('stop-code') } : {}),
    ...(s('property-category') !== undefined ? { propertyCategory: s('property-category') } : {}),
    ...(s('property-type') !== undefined ? { propertyType: s('property-type') } : {}),
    ...(s('address-qualifier') !== undefined ? { addressQualifier: s('address-qualifier') } : {}),
    ...weatherFrom(s('weather'), s('rain-mm'), s('temp-c')),
  };
  try {
    return parsePayload(IncidentSchema, raw);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `--weather` as a person types it: "heavy rain", "Heavy-Rain" and "heavy_rain" are one condition. */
function presetFlag(raw: string): WeatherPreset {
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  const found = WEATHER_PRESETS.find((p) => p === key);
  if (found) return found;
  const names = WEATHER_PRESETS.map((p) => `'${WEATHER_PRESET_LABEL[p]}'`).join(', ');
  throw new UsageError(`--weather must be one of ${names}, got '${raw}'.`);
}

/** Typed weather: a named condition and/or rain and temperature; the schema checks the values. */
function weatherFrom(
  preset: string | undefined,
  rain: string | undefined,
  temperature: string | undefined,
): { weather?: unknown } {
  if (preset === undefined && rain === undefined && temperature === undefined) return {};
  return {
    weather: {
      ...(preset !== undefined ? { preset: presetFlag(preset) } : {}),
      ...(rain !== undefined
        ? { rainMm: numberFlag('rain-mm', rain, 0, 150, 'mm of rain in the hour') }
        : {}),
      ...(temperature !== undefined
        ? { temperatureC: numberFlag('temp-c', temperature, -25, 45, '°C') }
        : {}),
    },
  };
}

/** "Call time: …" as the core will read it, so an hour's slip (a Z typed in summer) is visible. */
function callTimeLine(time: string | undefined): string {
  if (time === undefined) return `Call time: ${describeLondonTime(Date.now())} (now)`;
  try {
    return `Call time: ${resolveCallTime(time, new Date()).description}`;
  } catch (error) {
    if (error instanceof CallTimeError) throw new UsageError(`callTime: ${error.message}`);
    throw error;
  }
}

/** The demo model's answers say so first, with why it answers here and who can change that. */
const demoLabel = (p: Prediction | undefined): string =>
  `DEMO MODEL: ${p?.demoNotice ?? 'trained on synthetic data, not on LFB records.'}`;

/**
 * One line per category the model could not place (scored as "other"), with the nearest values it
 * knows: a typing slip is then put right in the next command.
 */
function unknownCategoryLines(p: Prediction | undefined): string[] {
  return (p?.unknownCategories ?? []).map((u) => {
    const hint = didYouMean(u.closest);
    return `Note: ${u.message}${hint ? ` — ${hint}` : ''}`;
  });
}

/** The incident screen's pumps line, or why there is none. */
function pumpsLine(p: Prediction): string {
  if (!p.pumps) return `Pumps needed: ${PUMPS_UNAVAILABLE_REASON}`;
  if (!p.pumps.available) return `Pumps needed: ${p.pumps.reason}`;
  return `Pumps needed: ${p.pumps.summary}${p.pumps.caveat ? ` — ${p.pumps.caveat}` : ''}`;
}

function placeLine(p: Prediction): string {
  const r = p.resolvedLocation;
  const where = r.description ?? 'coordinates';
  return (
    `Placed at ${where}: E ${Math.round(r.easting)} N ${Math.round(r.northing)}` +
    (r.stationGround ? `, ${r.stationGround} station ground` : '')
  );
}

function describe(p: Prediction, time: string | undefined): string {
  const lines = [
    ...(p.isDemoModel ? [demoLabel(p)] : []),
    `${p.station.name} (${p.station.code}): ETA ${formatMmSs(p.etaSeconds)} (${p.etaSeconds} s), ` +
      `90 % bound ${formatMmSs(p.p90Seconds)} (${p.p90Seconds} s), ${(p.distanceMetres / 1000).toFixed(1)} km`,
    `360 s target: ${TARGET_VERDICT_WORDS[targetVerdict(p)]} ` +
      `(chance of arriving within it ${Math.round(p.withinTargetProbability * 100)} %)`,
    ...(p.targetNote ? [`  - ${p.targetNote}`] : []),
    `Under-estimation risk: ${p.underestimationRisk ? 'FLAGGED — estimates like this run late more often than most' : 'no'} ` +
      `(chance of arriving over 2 min later than estimated ${Math.round(p.underestimationProbability * 100)} %)`,
    ...p.reasons.map((r) => `  - ${r}`),
    ...unknownCategoryLines(p),
    pumpsLine(p),
    placeLine(p),
    callTimeLine(time),
    ...(p.weather ? [weatherLine(p.weather)] : []),
    `Model ${p.modelId}${p.isDemoModel ? ' (demo)' : ''}`,
  ];
  return lines.join('\n') + '\n';
}

/**
 * A place typed by name is looked up in the history's gazetteer once it is built (the app swaps it in
 * when it arrives): waiting for it makes the CLI's answer the app's. Coordinates need no gazetteer.
 */
async function placesFor(ctx: CliContext, incident: IncidentInput): Promise<void> {
  if (incident.location.kind !== 'coordinates') await ctx.core.placesReady();
}

async function singlePredict(
  ctx: CliContext,
  values: IncidentFlags & { station?: string; 'pump-order'?: string },
  io: CliIO,
) {
  const incident = incidentFrom(values);
  const request: PredictRequest = {
    ...incident,
    ...(values.station ? { station: values.station } : {}),
    pumpOrder: intFlag('pump-order', values['pump-order'], 1, 1, MAX_PUMP_ORDER),
  };
  await placesFor(ctx, incident);
  const prediction = await ctx.core.predict(request);
  if (values.json) printJson(io, prediction);
  else io.stdout(describe(prediction, incident.callTime));
}

/**
 * Text a spreadsheet would run as a formula (`=HYPERLINK(…)`, `=cmd|…`, `@SUM(…)`) when the output is
 * opened: OWASP's CSV-injection rule. Incident numbers and station names come from imported files,
 * so anyone who can write an LFB file could otherwise plant one.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field; text starting like a formula is kept as text with a leading apostrophe (OWASP). */
function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  // Numbers are ours, not the file's: -5 stays a number.
  if (typeof v !== 'string') return String(v);
  const s = FORMULA_START.test(v) ? `'${v}` : v;
  return s !== v || /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Opened synchronously: a missing folder or a folder named as the output is then an ordinary error
 * the CLI reports in one line, not an 'error' event on a stream that ends the process with a stack.
 */
function openOutput(output: string): fs.WriteStream {
  let fd: number;
  try {
    fd = fs.openSync(output, 'w');
  } catch (error) {
    throw new UsageError(`--output: ${(error as Error).message}`, 1);
  }
  return fs.createWriteStream(output, { fd });
}

/** Every usable vehicle row of an LFB file, estimated by one model, written as CSV. */
async function batchPredict(
  ctx: CliContext,
  modelArg: string | undefined,
  input: string,
  output: string,
  io: CliIO,
  json: boolean,
) {
  const model = await resolveModelArg(ctx, modelArg);
  await withFileRows(model, [input], false, async (rows) => {
    const spec = model.meta.featureSpec;
    const all = Uint32Array.from({ length: rows.target.length }, (_, i) => i);
    const { eta, p90, withinTarget, late } = await scoreRows(model, rows.inputs, all);
    const out = openOutput(output);
    // Listening from the start: a write that fails (a full disk) must reject, not crash the process.
    const written = new Promise<void>((resolve, reject) => {
      out.on('error', reject);
      out.on('finish', resolve);
    });
    out.write(
      'IncidentNumber,pumpOrder,station,etaSeconds,p90Seconds,underestimationRisk,underestimationProbability,' +
        'withinTargetProbability,actualSeconds\n',
    );
    for (let i = 0; i < all.length; i++) {
      const code = rows.stationCode[i]!;
      const station = findStation(spec, code);
      const e = Math.round(eta[i]!);
      const u = Math.max(e, Math.round(p90[i]!));
      const risk = isFlagged(model.meta.risk, late[i]!);
      const actual = rows.target[i]!;
      const cells = [
        rows.incidentNumber[i],
        rows.inputs.get(i).pumpOrder,
        station?.name ?? code,
        e,
        u,
        risk ? 'True' : 'False',
        late[i]!.toFixed(3),
        withinTarget[i]!.toFixed(3),
        Number.isFinite(actual) ? actual : '',
      ];
      out.write(cells.map(csvCell).join(',') + '\n');
    }
    out.end();
    await written;
    const summary = { output, rows: all.length, modelId: model.id, dropped: rows.report.dropped };
    if (json) printJson(io, summary);
    else io.stdout(`Wrote ${all.length} predictions to ${output} (model ${model.id}).\n`);
  });
}

export const predictCommand: Command = async (argv, io) => {
  const { values } = parseCommandArgs('predict', argv, {
    ...INCIDENT_FLAGS,
    station: { type: 'string' },
    'pump-order': { type: 'string' },
    model: { type: 'string' },
    input: { type: 'string' },
    output: { type: 'string' },
  });
  const batch = values.input !== undefined || values.output !== undefined;
  // Coordinates win over a place name (see incidentFrom): only a name needs the history's gazetteer.
  const byName =
    !batch &&
    values.easting === undefined &&
    values.northing === undefined &&
    (values.postcode !== undefined || values.ward !== undefined);
  const ctx = await openContext(values.db, io, { create: true, placesByName: byName });
  try {
    if (batch) {
      if (!values.input || !values.output)
        throw new UsageError('batch prediction needs both --input FILE and --output FILE.csv.');
      await batchPredict(ctx, values.model, values.input, values.output, io, values.json);
    } else {
      if (values.model)
        throw new UsageError(
          '--model applies to batch prediction (--input/--output); single answers come from the model in service.',
        );
      await singlePredict(ctx, values, io);
    }
    return 0;
  } finally {
    await ctx.close();
  }
};

/** Width of the rank table's target column: its longest verdict ("likely missed"). */
const TARGET_COLUMN = Math.max(...Object.values(TARGET_VERDICT_WORDS).map((w) => w.length));

/** The rank table: a header, the demo label, one row per station, and what the marks mean. */
function rankText(ranked: readonly Prediction[], shown: number, time: string | undefined): string {
  const first = ranked[0];
  const lines: string[] = [];
  if (first?.isDemoModel) lines.push(demoLabel(first));
  if (first) lines.push(placeLine(first), callTimeLine(time));
  if (first?.weather) lines.push(weatherLine(first.weather));
  lines.push(...unknownCategoryLines(first));
  // The pumps distribution does not depend on the station: said once, above the stations.
  if (first) lines.push(pumpsLine(first));
  if (first?.targetNote) lines.push(`Note: ${first.targetNote}`);
  lines.push(
    '',
    `${'#'.padStart(3)}  ${'station'.padEnd(22)} ${'ETA'.padStart(6)}  ${'90 % bound'.padStart(10)}  ` +
      `${'target'.padEnd(TARGET_COLUMN)}  ${'≤ 6 min'.padStart(7)}  risk`,
  );
  ranked.slice(0, shown).forEach((p, i) => {
    lines.push(
      `${String(i + 1).padStart(3)}  ${p.station.name.padEnd(22)} ${formatMmSs(p.etaSeconds).padStart(6)}  ` +
        `${formatMmSs(p.p90Seconds).padStart(10)}  ` +
        `${TARGET_VERDICT_WORDS[targetVerdict(p)].padEnd(TARGET_COLUMN)}  ` +
        `${`${Math.round(p.withinTargetProbability * 100)} %`.padStart(7)}  ${p.underestimationRisk ? 'RISK' : ''}` +
        `${p.beyondExperience ? `${p.underestimationRisk ? ' ' : ''}FAR` : ''}`,
    );
  });
  if (shown < ranked.length) lines.push(`  … ${ranked.length - shown} more stations: --all shows every one`);
  lines.push(
    '',
    'ETA: estimated minutes:seconds from mobilising to arriving. 90 % bound: 9 times in 10 the pump',
    'arrives by then. target: the 6-minute (360 s) first-pump target, judged as predict judges it by the',
    `chance: likely met at ${Math.round(LIKELY_CHANCE * 100)} % or more, likely missed under ${Math.round(UNLIKELY_CHANCE * 100)} %, else uncertain.`,
    '≤ 6 min: the calibrated chance that this pump arrives within 360 s.',
    'RISK: estimates like this one arrived over 2 minutes late more often than most (not "will be late";',
    '      predict --station NAME gives the chance).',
    'FAR: farther than almost every journey the model learned from; the ETA follows distance at the learned pace.',
    `Model ${first?.modelId ?? '—'}${first?.isDemoModel ? ' (demo)' : ''}`,
  );
  return lines.map((l) => l.trimEnd()).join('\n') + '\n';
}

export const rankCommand: Command = async (argv, io) => {
  const { values } = parseCommandArgs('rank', argv, {
    ...INCIDENT_FLAGS,
    'pump-order': { type: 'string' },
    limit: { type: 'string' },
    all: { type: 'boolean', default: false },
  });
  // Checked before ranking: every answer is logged, and a refused command must leave no trace.
  const incident = incidentFrom(values);
  const pumpOrder = intFlag('pump-order', values['pump-order'], 1, 1, MAX_PUMP_ORDER);
  if (values.all && values.limit !== undefined) throw new UsageError('give --all or --limit N, not both.');
  const limit = intFlag('limit', values.limit, RANK_DEFAULT_ROWS, 1, 1000);
  // A fresh install ranks from the demo model: the history database is created empty.
  const ctx = await openContext(values.db, io, {
    create: true,
    placesByName: incident.location.kind !== 'coordinates',
  });
  try {
    await placesFor(ctx, incident);
    const ranked = await ctx.core.rankStations({ ...incident, pumpOrder });
    if (values.json) printJson(io, ranked);
    else {
      const shown = values.all ? ranked.stations.length : Math.min(limit, ranked.stations.length);
      io.stdout(rankText(ranked.stations, shown, incident.callTime));
    }
    return 0;
  } finally {
    await ctx.close();
  }
};

/** The stations the model in service answers for: what --station accepts (a name or a code). */
export const stationsCommand: Command = async (argv, io) => {
  const { values } = parseCommandArgs('stations', argv, {
    db: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  // A fresh install lists the demo model's stations: the history database is created empty.
  const ctx = await openContext(values.db, io, { create: true });
  try {
    const stations = ctx.core.stations();
    const modelId = ctx.core.modelInService().id;
    if (values.json) printJson(io, { modelId, stations });
    else {
      io.stdout(`${stations.length} stations (model ${modelId}); --station takes a name or a code:\n`);
      for (const s of stations) io.stdout(`  ${s.name.padEnd(24)} ${s.code}\n`);
    }
    return 0;
  } finally {
    await ctx.close();
  }
};
