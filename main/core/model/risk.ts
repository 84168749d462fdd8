/**
 * The under-estimation warning as a model file stores it: the threshold on the late probability chosen
 * at training (see evaluation/risk.ts for how), and what it gave on the calibration slice.
 */
export interface RiskConfig {
  readonly eventMarginSeconds: number;
  /** Flag when the late probability is at least this (Infinity: the target precision was never reached). */
  readonly threshold: number;
  /** The precision the threshold was chosen for, and what it gave on the calibration slice. */
  readonly targetPrecision: number;
  readonly calibration: FlagQuality;
  /** Stations the original rule would flag, recomputed on this training data. */
  readonly legacyStations: readonly string[];
}

export interface FlagQuality {
  readonly fireRate: number;
  readonly precision: number;
  readonly recall: number;
  readonly eventRate: number;
}
