import type {
  IncidentInput,
  PredictRequestParsed,
  Prediction,
  RankResult,
  StationRef,
  Suggestion,
} from '../../../contract/index.js';
import {
  pumpsAnswer,
  PUMPS_UNAVAILABLE_REASON,
  PUMPS_WITHOUT_STOP_CODE,
  TARGET_SECONDS,
  targetNoteFor,
} from '../../../contract/index.js';
import type { PumpsAnswer } from '../../../contract/index.js';
import { assessRisk } from '../evaluation/risk.js';
import { buildFeatureVector } from '../features/build.js';
import { FEATURE_NAMES, type CallInput, type StationRecord } from '../features/spec.js';
import { distanceMetres } from '../geo/london.js';
import { decodeMetadata, type ModelMetadata } from '../model/format.js';
import { p90NotBelowEta } from '../model/heads.js';
import { readOnnxMetadata } from '../onnx/index.js';
import type { Gazetteer } from '../places/gazetteer.js';
import { resolvePlace, type PlacedIncident, type ResolvedIncident } from '../places/resolve.js';
import { stationDirectory } from '../places/stations.js';
import { suggestPlaces } from '../places/suggest.js';
import { CallTimeError, resolveCallTime } from '../calendar/callTime.js';
import { InputError } from '../util/input-error.js';
import { checkCategories } from './categories.js';
import { spellOpenCategories, unknownCategories } from './unknown-categories.js';
import { EtaSession, PUMPS_COLUMNS, type RawPredictions } from './session.js';
import {
  noImportedWeather,
  resolveWeather,
  weatherInput,
  withModelUse,
  type WeatherLookup,
} from './weather.js';
import type { UnknownCategory, WeatherUsed } from '../../../contract/index.js';

/** Probabilities are answered to three decimals: finer digits would claim a precision they lack. */
function probability(p: number): number {
  return Math.round(Math.min(1, Math.max(0, p)) * 1000) / 1000;
}

/** Said plainly when the drive is longer than almost anything the model learned from. */
export function beyondExperienceReason(stationName: string, distanceMetres: number): string {
  return (
    `${stationName} is ${(distanceMetres / 1000).toFixed(1)} km away, farther than 99 % of the drives ` +
    `this model learned from: the estimate grows with distance at the learned pace but is less certain`
  );
}

export { InputError };

/**
 * Every record the pumps model learned from had its stop code, and no blanked copy was kept without it
 * (that made the model over-confident on the calls it had): without one, the answer says it is rough.
 */
function withPumpsCaveat(prediction: Prediction, incident: IncidentInput): Prediction {
  const pumps = prediction.pumps;
  if (!pumps?.available || typeof incident.stopCode === 'string') return prediction;
  return { ...prediction, pumps: { ...pumps, caveat: PUMPS_WITHOUT_STOP_CODE } };
}

/** The pumps distribution of one answered row, or why the model file has none. */
export function pumpsFor(out: RawPredictions, row: number): PumpsAnswer {
  if (!out.pumps) return { available: false, reason: PUMPS_UNAVAILABLE_REASON };
  return pumpsAnswer(out.pumps.subarray(row * PUMPS_COLUMNS, (row + 1) * PUMPS_COLUMNS));
}

export interface LoadedModel {
  readonly id: string;
  readonly isDemo: boolean;
  readonly meta: ModelMetadata;
  readonly session: EtaSession;
}

/** Reads a model file's metadata, opens its session and checks it answers a known call sensibly. */
export async function loadModel(bytes: Uint8Array, id: string): Promise<LoadedModel> {
  const meta = decodeMetadata(readOnnxMetadata(bytes));
  const session = await EtaSession.create(bytes, FEATURE_NAMES.length);
  const model: LoadedModel = { id, isDemo: meta.demo, meta, session };
  try {
    await smokeTest(model);
  } catch (error) {
    await session.release();
    throw error;
  }
  return model;
}

const SMOKE_MIN_SECONDS = 1;
const SMOKE_MAX_SECONDS = 7200;
/** A float32 softmax sums to 1 within a few ulps. */
const SMOKE_PROBABILITY_SUM_TOLERANCE = 1e-4;

/** One prediction at the first station's own door must be a finite, plausible time. */
async function smokeTest(model: LoadedModel): Promise<void> {
  const station = model.meta.featureSpec.stations[0]!;
  const input: CallInput = {
    easting: station.easting + 500,
    northing: station.northing,
    callTime: new Date(Date.UTC(2024, 0, 15, 12)),
    stationCode: station.code,
    stationGround: station.name,
    pumpOrder: 1,
    deployedFromHome: true,
  };
  const { eta, p90, pumps } = await model.session.run(buildFeatureVector(model.meta.featureSpec, input), 1);
  if (pumps) {
    const sum = pumps.reduce((a, b) => a + b, 0);
    if (!(Math.abs(sum - 1) < SMOKE_PROBABILITY_SUM_TOLERANCE) || pumps.some((p) => !(p >= 0))) {
      throw new Error(
        `the model's test pumps distribution was not a distribution (sum ${sum}); it will not be used`,
      );
    }
  }
  const e = eta[0]!;
  const u = p90[0]!;
  if (!(Number.isFinite(e) && Number.isFinite(u) && e >= SMOKE_MIN_SECONDS && e <= SMOKE_MAX_SECONDS)) {
    throw new Error(`the model's test prediction was implausible (${e} s); it will not be used`);
  }
}

/** What a call says of the incident besides where and when (a cover grid's cells say nothing). */
export type IncidentCategories = Pick<
  IncidentInput,
  'propertyCategory' | 'propertyType' | 'incidentGroup' | 'stopCode' | 'addressQualifier'
>;

/**
 * The LFB's address qualifier for a call placed where the caller said: every historical record has
 * one (this value on most), but the form does not ask for it. Left missing, it is a category the
 * trees never saw, which they route arbitrarily: the pumps estimate for a fire in a dwelling fell
 * from two pumps likely to one. The place a dispatcher types is the incident's location.
 */
export const DEFAULT_ADDRESS_QUALIFIER = 'Correct incident location';

/**
 * The model's input for one station sent to one placed incident: the one construction every answer
 * (a prediction, a ranking, a cover grid's cells) uses, so they cannot disagree.
 */
export function callInputFor(
  incident: IncidentCategories,
  place: ResolvedIncident,
  station: StationRecord,
  pumpOrder: number,
  deployedFromHome: boolean,
  callTime: Date,
): CallInput {
  return {
    easting: place.easting,
    northing: place.northing,
    callTime,
    stationCode: station.code,
    stationGround: place.stationGround,
    borough: place.borough,
    ward: place.ward,
    postcodeDistrict: place.postcodeDistrict,
    propertyCategory: incident.propertyCategory ?? null,
    propertyType: incident.propertyType ?? null,
    incidentGroup: incident.incidentGroup ?? null,
    stopCode: incident.stopCode ?? null,
    addressQualifier: incident.addressQualifier ?? DEFAULT_ADDRESS_QUALIFIER,
    pumpOrder,
    deployedFromHome,
  };
}

export interface PredictionLogEntry {
  readonly kind: 'predict' | 'rank';
  readonly modelId: string;
  readonly input: unknown;
  readonly output: unknown;
}

/**
 * The dispatcher's answers. Holds the model in service (swapped atomically on promotion) and the
 * gazetteer; every answer is handed to `log` without waiting for it to be stored.
 */
export class EtaService {
  constructor(
    private current: LoadedModel,
    private dbGazetteer: Gazetteer | null,
    private readonly log: (entry: PredictionLogEntry) => void = () => {},
    /** The imported weather of a call's hour (none without a history). */
    private readonly importedWeather: WeatherLookup = noImportedWeather,
  ) {}

  get model(): LoadedModel {
    return this.current;
  }

  /** Switches the model in service; the old session is released once in-flight calls are done. */
  swap(next: LoadedModel): LoadedModel {
    const previous = this.current;
    this.current = next;
    return previous;
  }

  /** Imported data wins over what the model file carries; the model's gazetteer fills the gaps. */
  setDatabaseGazetteer(gazetteer: Gazetteer | null): void {
    this.dbGazetteer = gazetteer;
  }

  stations(): StationRef[] {
    return stationDirectory(this.current.meta)
      .servable.map((s) => ({ code: s.code, name: s.name }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Places whose name (or a word of it) starts with the query; case, `&`/`and` and punctuation aside. */
  suggest(query: string, limit: number): Suggestion[] {
    return suggestPlaces(this.gazetteers, query, limit);
  }

  async predict(request: PredictRequestParsed, now: Date = new Date()): Promise<Prediction> {
    const model = this.current;
    const spec = model.meta.featureSpec;
    const { place, groundStation } = this.place(model, request);
    const callTime = this.callTime(request, now);
    const incident = spellOpenCategories(spec, checkCategories(spec, request));
    const unknown = unknownCategories(spec, incident);
    // Named stations are checked after the place, the time and the categories, as they always were.
    const station = request.station ? stationDirectory(model.meta).require(request.station) : groundStation;
    const weather = withModelUse(
      resolveWeather(request.weather, this.importedWeather, callTime),
      model.meta.weatherCoverage,
    );
    const input: CallInput = {
      ...callInputFor(incident, place, station, request.pumpOrder, request.deployedFromHome, callTime),
      ...weatherInput(weather),
    };
    const out = await model.session.run(buildFeatureVector(spec, input), 1);
    const prediction = withPumpsCaveat(
      this.toPrediction(model, station, place, out, 0, weather, unknown, request.pumpOrder),
      incident,
    );
    // The log keeps the instant used: "17:30" alone would not say which day it was.
    const logged = { ...request, ...incident, callTime: callTime.toISOString() };
    this.log({ kind: 'predict', modelId: model.id, input: logged, output: prediction });
    return prediction;
  }

  /**
   * Every station's ETA for the incident, one batched session run, fastest first; each as the pump
   * `pumpOrder` it would be (the first when absent), so the ranking agrees with a single answer.
   */
  async rank(
    incident: IncidentInput & { readonly pumpOrder?: number },
    now: Date = new Date(),
  ): Promise<RankResult> {
    const model = this.current;
    const spec = model.meta.featureSpec;
    const { place } = this.place(model, incident);
    const callTime = this.callTime(incident, now);
    const checked = spellOpenCategories(spec, checkCategories(spec, incident));
    const unknown = unknownCategories(spec, checked);
    const stations = stationDirectory(model.meta).servable;
    const pumpOrder = incident.pumpOrder ?? 1;
    const weather = withModelUse(
      resolveWeather(incident.weather, this.importedWeather, callTime),
      model.meta.weatherCoverage,
    );
    const values = weatherInput(weather);
    const f = FEATURE_NAMES.length;
    const matrix = new Float32Array(stations.length * f);
    stations.forEach((s, i) => {
      const input = { ...callInputFor(checked, place, s, pumpOrder, true, callTime), ...values };
      matrix.set(buildFeatureVector(spec, input), i * f);
    });
    const out = await model.session.run(matrix, stations.length);
    const ranked = stations
      .map((s, i) =>
        withPumpsCaveat(this.toPrediction(model, s, place, out, i, weather, unknown, pumpOrder), checked),
      )
      .sort((a, b) => a.etaSeconds - b.etaSeconds || a.station.name.localeCompare(b.station.name));
    const logged = { ...checked, pumpOrder, callTime: callTime.toISOString() };
    this.log({ kind: 'rank', modelId: model.id, input: logged, output: ranked.slice(0, 5) });
    return { stations: ranked };
  }

  /** The call time as an instant: London wall-clock time unless an offset was given; absent is now. */
  private callTime(incident: IncidentInput, now: Date): Date {
    if (!incident.callTime) return now;
    try {
      return resolveCallTime(incident.callTime, now).instant;
    } catch (error) {
      if (error instanceof CallTimeError) throw new InputError('callTime', error.message);
      throw error;
    }
  }

  private toPrediction(
    model: LoadedModel,
    station: StationRecord,
    place: ResolvedIncident,
    out: RawPredictions,
    row: number,
    weather: WeatherUsed,
    unknown: readonly UnknownCategory[],
    pumpOrder: number,
  ): Prediction {
    const targetNote = targetNoteFor(pumpOrder);
    const etaSeconds = Math.max(0, Math.round(out.eta[row]!));
    // The graph already keeps the bound at or above the estimate; rounding must not undo that.
    const p90Seconds = p90NotBelowEta(Math.round(out.p90[row]!), etaSeconds);
    const late = probability(out.late[row]!);
    const risk = assessRisk(model.meta.risk, late, p90Seconds);
    const distance = distanceMetres(station.easting, station.northing, place.easting, place.northing);
    const beyond = distance > model.meta.calibration.distanceP99Metres;
    const reasons = beyond ? [...risk.reasons, beyondExperienceReason(station.name, distance)] : risk.reasons;
    return {
      station: { code: station.code, name: station.name },
      etaSeconds,
      p90Seconds,
      underestimationRisk: risk.risk,
      underestimationProbability: late,
      withinTargetProbability: probability(out.withinTarget[row]!),
      beyondExperience: beyond,
      reasons,
      targetSeconds: TARGET_SECONDS,
      meetsTarget: etaSeconds <= TARGET_SECONDS,
      ...(targetNote ? { targetNote } : {}),
      distanceMetres: Math.round(distance),
      modelId: model.id,
      isDemoModel: model.isDemo,
      resolvedLocation: {
        easting: place.easting,
        northing: place.northing,
        stationGround: place.stationGround,
        ...(place.description ? { description: place.description } : {}),
      },
      pumps: pumpsFor(out, row),
      weather,
      ...(unknown.length > 0 ? { unknownCategories: unknown } : {}),
    };
  }

  /**
   * Where the incident is, in one step: a point, its station ground, how a typed place was read and
   * the station sent when none is named, with this model's stations.
   */
  private place(model: LoadedModel, incident: IncidentInput): PlacedIncident {
    return resolvePlace(incident.location, {
      gazetteers: this.gazetteers,
      stations: stationDirectory(model.meta),
      demoOnly: this.dbGazetteer === null && model.isDemo,
    });
  }

  private get gazetteers(): Gazetteer[] {
    const fromModel = this.current.meta.gazetteer;
    return this.dbGazetteer ? [this.dbGazetteer, fromModel] : [fromModel];
  }
}
