/**
 * How an import lets the monitoring job that started beside it go on, stage by stage. The job starts
 * with the import (its thread and the champion's session load meanwhile), reads the newer calls once
 * the import has committed a file (the Incident file, given first, while the Mobilisation file is
 * still being imported), and scores only once the whole import has ended. A shared word rather than
 * messages: a job's worker takes its request once, and a word needs no protocol of its own.
 */

export const GateStage = {
  /** Nothing of the history may be read yet. */
  wait: 0,
  /** A file of the import has committed: the calls may be read (they are checked again at `go`). */
  readCalls: 1,
  /** The import has ended: its rows are stored (or rolled back), the history is final. */
  go: 2,
  /** The import failed or changed nothing: the job ends without reading or storing anything. */
  abandon: 3,
} as const;
export type GateStage = (typeof GateStage)[keyof typeof GateStage];

/**
 * How often a waiting job looks at the word and its cancel flag: a timer rather than Atomics.waitAsync
 * (not in the type library this project compiles against); 20 ms is nothing beside an import.
 */
const POLL_MS = 20;

/** The import's side. */
export class MonitorGate {
  readonly buffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  private readonly word = new Int32Array(this.buffer);

  /** Moves to `stage` (never back: an abandoned or released job stays so). */
  open(stage: GateStage): void {
    const now = Atomics.load(this.word, 0);
    if (now >= stage || now === GateStage.abandon) return;
    Atomics.store(this.word, 0, stage);
  }
}

/**
 * The job's side: resolves with the stage reached once it is at least `stage` (or abandoned);
 * `throwIfCancelled` is called between looks.
 */
export async function waitAtGate(
  buffer: SharedArrayBuffer,
  stage: GateStage,
  throwIfCancelled: () => void,
): Promise<GateStage> {
  const word = new Int32Array(buffer);
  for (;;) {
    const now = Atomics.load(word, 0) as GateStage;
    if (now >= stage) return now;
    throwIfCancelled();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
