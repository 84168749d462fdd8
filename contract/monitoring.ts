/**
 * The model in service, watched: how it does on vehicles newer than anything it was built on, what
 * moved in its inputs, and whether retraining is worth it. Computed after every import (and after an
 * undo or a change of champion) and read by the Monitoring view and `pump-eta monitor`.
 */

/** Population stability index levels: below 0.1 stable, 0.1–0.25 moderate, 0.25 and above major. */
export const DRIFT_LEVELS = ['stable', 'moderate', 'major'] as const;
export type DriftLevel = (typeof DRIFT_LEVELS)[number];

/** One calendar month (London time) of vehicles the champion never saw, scored by it. */
export interface MonitorMonth {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly vehicles: number;
  readonly mae: number;
  /** 95 % interval of the month's MAE. */
  readonly maeLow: number;
  readonly maeHigh: number;
  /** Mean of (estimate − actual): negative means the model is optimistic. */
  readonly bias: number;
  readonly p90Coverage: number;
  /** The risk flag's precision and recall for "arrives over 120 s after the estimate" (null: nothing to count). */
  readonly flagPrecision: number | null;
  readonly flagRecall: number | null;
  readonly flagFireRate: number;
  /** Brier score of the chance of arriving within 360 s. */
  readonly withinTargetBrier: number;
}

/** A station's error on every vehicle since training beside its error on the model's holdout. */
export interface MonitorStation {
  readonly code: string;
  readonly name: string;
  readonly vehicles: number;
  readonly mae: number;
  readonly bias: number;
  /** On the holdout the model was evaluated on (null: the station had no holdout vehicles). */
  readonly holdoutMae: number | null;
  readonly holdoutBias: number | null;
  /**
   * How its bias moved since the holdout, less how every station's moved: near zero while the model
   * knows the station's pace; about −60 when its vehicles take a minute longer than before.
   */
  readonly biasShift: number;
  /** Whether that difference is beyond chance and beyond 30 s (a station-level shift). */
  readonly shifted: boolean;
}

export interface DriftMover {
  readonly category: string;
  /** Share of vehicles in the training window and in the newest month. */
  readonly before: number;
  readonly after: number;
}

/** Shown in place of a drift for an input whose every value the training window lacked. */
export const NOT_IN_TRAINING_WINDOW = 'not in the training window: not used by this model';

export interface MonitorDrift {
  readonly feature: string;
  /** Null for an input not in the training window (below): it has no drift to report. */
  readonly psi: number | null;
  readonly level: DriftLevel | null;
  /** Calendar and weather features move with the season: shown, never a reason to retrain. */
  readonly seasonal: boolean;
  /**
   * Every value of it was missing in the training window (weather for a model trained before any was
   * imported): the model cannot have used it, so a change is no drift and never a reason to retrain.
   */
  readonly notInTrainingWindow: boolean;
  /** The categories (or deciles of a number) whose share moved most, largest move first. */
  readonly movers: readonly DriftMover[];
}

/** A value the model never saw in its training window (a new station, a renamed ward). */
export interface MonitorNewCategory {
  readonly feature: string;
  readonly category: string;
  readonly vehicles: number;
  /** `YYYY-MM` of its first vehicle (null: a station no stations file names, whose rows are not read). */
  readonly firstMonth: string | null;
}

export const MONITOR_STATES = ['demo', 'not-computed', 'no-new-data', 'ready'] as const;
export type MonitorState = (typeof MONITOR_STATES)[number];

export interface MonitorAdvice {
  readonly retrain: boolean;
  /** One sentence for the data officer. */
  readonly sentence: string;
  /** Every rule that fired, in words. */
  readonly reasons: readonly string[];
}

export interface MonitorReport {
  readonly modelId: string;
  readonly isDemo: boolean;
  readonly state: MonitorState;
  readonly trainedFrom: string | null;
  readonly trainedTo: string | null;
  /** Vehicles called after this instant were scored: the end of everything the model was built on. */
  readonly scoredAfter: string | null;
  readonly computedAt: string | null;
  /** The holdout MAE with its 95 % interval, the line the monthly errors are read against. */
  readonly holdout: {
    readonly mae: number;
    readonly low: number;
    readonly high: number;
    readonly rows: number;
  } | null;
  readonly months: readonly MonitorMonth[];
  readonly newestMonth: string | null;
  /** Stations with a shift first, then by how far their bias sits from everyone's (since training). */
  readonly stations: readonly MonitorStation[];
  /** The newest month against the training window, most drifted first. */
  readonly drift: readonly MonitorDrift[];
  readonly newCategories: readonly MonitorNewCategory[];
  readonly vehicles: number;
  /** Vehicles from stations the model cannot place at all (counted, not scored). */
  readonly unscored: number;
  /** Why the last computation failed, in words (the import itself was kept). */
  readonly problem: string | null;
  readonly advice: MonitorAdvice;
}
