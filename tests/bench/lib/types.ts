/** One measured number. `target` is a bound the value should meet (`targetIs` says which side). */
export interface BenchRow {
  readonly section: string;
  readonly case: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  readonly target?: number;
  /** 'max' (default): the value should be ≤ target; 'min': ≥ target. */
  readonly targetIs?: 'max' | 'min';
  /** Ours divided by a reference's (for example pandas), when the section has one. */
  readonly ratio?: number;
  readonly note?: string;
}

export interface BenchContext {
  /** Smaller sizes for development runs (`--quick`). */
  readonly quick: boolean;
  /** Repetitions per measurement (the reported value is their median). */
  readonly runs: number;
  /** Repetitions for reference tools timed alongside ours (pandas, LightGBM), which can be far slower. */
  readonly referenceRuns: number;
  readonly seed: string;
  /** A fresh folder for this run, removed at the end. */
  readonly tmpDir: string;
  /** Kept between runs (generated inputs), keyed by what produced them. */
  readonly cacheDir: string;
  readonly repoRoot: string;
  log(message: string): void;
  /** A remark printed under the table and saved with the results (e.g. why a comparison was skipped). */
  note(message: string): void;
}

export interface BenchSection {
  readonly name: string;
  /** Sections run in ascending order (then by name). */
  readonly order?: number;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}
