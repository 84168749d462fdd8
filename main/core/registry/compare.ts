import type { Comparison, StationDelta } from '../../../contract/index.js';
import type { Db } from '../db/index.js';
import { pairedBootstrapMaeDiff } from '../evaluation/bootstrap.js';
import { computeMetrics, perStationMetrics } from '../evaluation/metrics.js';
import { DEFAULT_POLICY, decidePromotion, type PromotionPolicy } from '../evaluation/policy.js';
import { brierScore } from '../evaluation/logistic.js';
import { flagQuality, flatMetrics, isFlagged, isLate } from '../evaluation/risk.js';
import { TARGET_SECONDS } from '../../../contract/index.js';
import { findStation } from '../places/stations.js';
import type { CallInputSource } from '../features/inputTable.js';
import { scoreRows, type ScoredRows } from '../serving/batch.js';
import type { LoadedModel } from '../serving/service.js';
import { loadTrainingRows, type TrainingRows } from '../training/dataset.js';
import type { ModelRecord } from './registry.js';

const PLOT_SAMPLE = 500;

export interface ComparedModel {
  readonly record: ModelRecord;
  readonly loaded: LoadedModel;
}

/**
 * Rows neither model was fitted or calibrated on: calls after the later of the two training windows.
 * A demo model never saw LFB records, so only the challenger's window counts for it.
 */
export function sharedHoldoutStart(champion: ComparedModel, challenger: ComparedModel): number {
  const end = (m: ComparedModel) => (m.loaded.isDemo ? -Infinity : Date.parse(m.loaded.meta.window.trainTo));
  return Math.max(end(champion), end(challenger), Date.parse(challenger.loaded.meta.window.holdoutFrom) - 1);
}

/**
 * The rows as one model knows its stations. The history may name a station differently from a model
 * (a code estimated from an Incident file is the station's name; the demo model uses callsigns), so each
 * row's station is translated to the model's own code, by code or by name.
 */
function inModelTerms(model: LoadedModel, rows: TrainingRows): { inputs: CallInputSource; codes: string[] } {
  const codes = rows.stationCode.map((c) => findStation(model.meta.featureSpec, c)?.code ?? '');
  return {
    codes,
    inputs: { length: rows.inputs.length, get: (i) => ({ ...rows.inputs.get(i), stationCode: codes[i]! }) },
  };
}

/** Both models' estimates for the same rows (rows a model cannot place are dropped for both). */
async function scoreBoth(rows: TrainingRows, from: number, a: LoadedModel, b: LoadedModel) {
  const forA = inModelTerms(a, rows);
  const forB = inModelTerms(b, rows);
  const keep: number[] = [];
  for (let i = 0; i < rows.target.length; i++) {
    if (rows.callAt[i]! > from && forA.codes[i] && forB.codes[i]) keep.push(i);
  }
  return {
    keep,
    actual: Float64Array.from(keep, (i) => rows.target[i]!),
    stations: keep.map((i) => rows.stationCode[i]!),
    codes: { a: keep.map((i) => forA.codes[i]!), b: keep.map((i) => forB.codes[i]!) },
    a: await scoreRows(a, forA.inputs, keep),
    b: await scoreRows(b, forB.inputs, keep),
  };
}

/**
 * Scores champion and challenger on the same newest rows, stores the comparison with the policy's
 * verdict, and returns it. Throws when there are no rows both models could be fairly scored on.
 */
export async function compareModels(
  db: Db,
  champion: ComparedModel,
  challenger: ComparedModel,
  policy: PromotionPolicy = DEFAULT_POLICY,
): Promise<Comparison> {
  const from = sharedHoldoutStart(champion, challenger);
  const rows: TrainingRows = loadTrainingRows(db, { calledAfter: from });
  const scored = await scoreBoth(rows, from, champion.loaded, challenger.loaded);
  if (scored.keep.length === 0) {
    throw new Error(
      `no rows newer than ${new Date(from).toISOString()} that neither model trained on: import newer data before comparing`,
    );
  }
  const flags = (m: LoadedModel, s: ScoredRows) =>
    flagQuality(
      Array.from(s.late, (p) => isFlagged(m.meta.risk, p)),
      scored.actual,
      s.eta,
    );
  const briers = (s: ScoredRows) => ({
    withinTarget: brierScore(
      s.withinTarget,
      Array.from(scored.actual, (y) => (y <= TARGET_SECONDS ? 1 : 0)),
    ),
    late: brierScore(
      s.late,
      Array.from(scored.actual, (y, i) => (isLate(y, s.eta[i]!) ? 1 : 0)),
    ),
  });
  const mA = computeMetrics(scored.actual, scored.a.eta, scored.a.p90);
  const mB = computeMetrics(scored.actual, scored.b.eta, scored.b.p90);
  const ci = pairedBootstrapMaeDiff(scored.actual, scored.a.eta, scored.b.eta, {
    confidence: policy.confidence,
    seed: 1,
  });
  const decision = decidePromotion(mA, mB, ci, policy);
  const perA = new Map(
    perStationMetrics(scored.stations, scored.actual, scored.a.eta).map((s) => [s.station, s]),
  );
  const stations: StationDelta[] = perStationMetrics(scored.stations, scored.actual, scored.b.eta).map(
    (s) => {
      const a = perA.get(s.station)!;
      return {
        code: s.station,
        name: findStation(challenger.loaded.meta.featureSpec, s.station)?.name ?? s.station,
        count: s.count,
        championMae: a.mae,
        challengerMae: s.mae,
        championBias: a.bias,
        challengerBias: s.bias,
      };
    },
  );
  const step = Math.max(1, Math.floor(scored.keep.length / PLOT_SAMPLE));
  const sample = [];
  for (let i = 0; i < scored.keep.length && sample.length < PLOT_SAMPLE; i += step) {
    sample.push({ actual: scored.actual[i]!, champion: scored.a.eta[i]!, challenger: scored.b.eta[i]! });
  }
  let first = Infinity;
  let last = -Infinity;
  for (const i of scored.keep) {
    first = Math.min(first, rows.callAt[i]!);
    last = Math.max(last, rows.callAt[i]!);
  }
  const body = {
    championId: champion.record.id,
    challengerId: challenger.record.id,
    rows: scored.keep.length,
    window: {
      from: new Date(first).toISOString(),
      to: new Date(last).toISOString(),
    },
    champion: flatMetrics(mA, flags(champion.loaded, scored.a), briers(scored.a)),
    challenger: flatMetrics(mB, flags(challenger.loaded, scored.b), briers(scored.b)),
    maeDiffCi: [ci.low, ci.high] as const,
    decision,
    stations,
    sample,
  };
  const info = db
    .prepare(
      `INSERT INTO comparisons (created_at, champion_id, challenger_id, rows, promote, result_json)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .run(
      new Date().toISOString(),
      body.championId,
      body.challengerId,
      body.rows,
      decision.promote ? 1 : 0,
      JSON.stringify(body),
    );
  return { id: String(info.lastInsertRowid), ...body };
}
