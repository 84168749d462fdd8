import * as ort from 'onnxruntime-node';

/** Names fixed by the model file format (main/core/onnx writes them). */
export const INPUT_NAME = 'features';
export const OUTPUT_ETA = 'eta';
export const OUTPUT_P90 = 'p90';
export const OUTPUT_WITHIN_TARGET = 'within_target';
export const OUTPUT_LATE = 'late_probability';
/** Optional: files trained before the pumps classifier, or without pump counts, lack it. */
export const OUTPUT_PUMPS = 'pumps_probabilities';
/** Columns of the pumps output: 1, 2, 3, 4, 5+ pumps. */
export const PUMPS_COLUMNS = 5;

export interface RawPredictions {
  readonly eta: Float32Array;
  readonly p90: Float32Array;
  /** Calibrated probability of arriving within the 360 s target. */
  readonly withinTarget: Float32Array;
  /** Calibrated probability of arriving more than 120 s after `eta`. */
  readonly late: Float32Array;
  /** Row-major [rows × 5] probabilities of 1, 2, 3, 4, 5+ pumps, when the file has the output. */
  readonly pumps?: Float32Array;
}

/**
 * One onnxruntime session for one model file. Single-threaded on purpose: a dispatcher's request is
 * one row or one ranking of ~100 rows, where thread hand-offs cost more than they save, and the main
 * process must stay responsive while a training worker uses the other core.
 */
export class EtaSession {
  /** Runs started and not finished: a swapped-out session is released only once they are done. */
  private inFlight = 0;
  private readonly idle: (() => void)[] = [];

  private constructor(
    private readonly session: ort.InferenceSession,
    readonly numFeatures: number,
  ) {
    this.hasPumps = session.outputNames.includes(OUTPUT_PUMPS);
  }

  /** Whether the file answers how many pumps an incident needs. */
  readonly hasPumps: boolean;

  static async create(bytes: Uint8Array, numFeatures: number): Promise<EtaSession> {
    const session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    for (const name of [OUTPUT_ETA, OUTPUT_P90, OUTPUT_WITHIN_TARGET, OUTPUT_LATE]) {
      if (!session.outputNames.includes(name)) {
        await session.release();
        throw new Error(`the model file has no '${name}' output; it was not made by Pump ETA`);
      }
    }
    if (!session.inputNames.includes(INPUT_NAME)) {
      await session.release();
      throw new Error(`the model file has no '${INPUT_NAME}' input; it was not made by Pump ETA`);
    }
    return new EtaSession(session, numFeatures);
  }

  /** `features` is row-major [rows × numFeatures]. */
  async run(features: Float32Array, rows: number): Promise<RawPredictions> {
    if (features.length !== rows * this.numFeatures) {
      throw new Error(`expected ${rows * this.numFeatures} feature values, got ${features.length}`);
    }
    const input = new ort.Tensor('float32', features, [rows, this.numFeatures]);
    this.inFlight++;
    let out: ort.InferenceSession.OnnxValueMapType;
    try {
      out = await this.session.run({ [INPUT_NAME]: input });
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const resume of this.idle.splice(0)) resume();
    }
    return {
      eta: out[OUTPUT_ETA]!.data as Float32Array,
      p90: out[OUTPUT_P90]!.data as Float32Array,
      withinTarget: out[OUTPUT_WITHIN_TARGET]!.data as Float32Array,
      late: out[OUTPUT_LATE]!.data as Float32Array,
      ...(this.hasPumps ? { pumps: out[OUTPUT_PUMPS]!.data as Float32Array } : {}),
    };
  }

  /** Releases the session after the runs in flight have finished (a model swapped out mid-answer). */
  async release(): Promise<void> {
    if (this.inFlight > 0) await new Promise<void>((resume) => this.idle.push(resume));
    await this.session.release();
  }
}
