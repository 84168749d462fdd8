import type { Db } from '../db/index.js';
import type { Manifest } from './envelope.js';

/** Where a followed model came from, as its publication said. */
export interface OriginRecord {
  readonly modelId: string;
  readonly sequence: number;
  readonly manifestSha256: string;
  readonly publishedAt: string;
  readonly publishedBy: string;
  readonly user: string;
}

export type FleetLogOutcome =
  'updated' | 'up-to-date' | 'refused' | 'unreachable' | 'published' | 'publish-failed';

export interface FleetLogEntry {
  readonly at: string;
  readonly outcome: FleetLogOutcome;
  readonly sequence: number | null;
  readonly modelId: string | null;
  readonly message: string;
}

/** The fleet's rows in the history database (migration 009): origins of followed models and the log. */
export class FleetStore {
  constructor(private readonly db: Db) {}

  recordOrigin(manifest: Manifest, manifestSha256: string, now = new Date()): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO model_origins (model_id, sequence, manifest_sha256, published_at, published_by,
           published_user, key_fingerprint, followed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        manifest.modelId,
        manifest.sequence,
        manifestSha256,
        manifest.publishedAt,
        manifest.publishedBy,
        manifest.user,
        manifest.keyFingerprint,
        now.toISOString(),
      );
  }

  origin(modelId: string): OriginRecord | null {
    const row = this.db
      .prepare(
        `SELECT model_id, sequence, manifest_sha256, published_at, published_by, published_user
         FROM model_origins WHERE model_id = ?`,
      )
      .get(modelId) as
      | {
          model_id: string;
          sequence: number;
          manifest_sha256: string;
          published_at: string;
          published_by: string;
          published_user: string;
        }
      | undefined;
    return row
      ? {
          modelId: row.model_id,
          sequence: row.sequence,
          manifestSha256: row.manifest_sha256,
          publishedAt: row.published_at,
          publishedBy: row.published_by,
          user: row.published_user,
        }
      : null;
  }

  /** The highest publication this workstation has followed or published. */
  knownSequence(): number {
    const row = this.db
      .prepare(
        `SELECT MAX(sequence) AS s FROM fleet_log WHERE outcome IN ('updated', 'up-to-date', 'published')`,
      )
      .get() as { s: number | null };
    return row.s ?? 0;
  }

  /** The highest publication this workstation has followed: it never goes to a lower one. */
  followedSequence(): number {
    const row = this.db
      .prepare(`SELECT MAX(sequence) AS s FROM fleet_log WHERE outcome IN ('updated', 'up-to-date')`)
      .get() as { s: number | null };
    return row.s ?? 0;
  }

  /**
   * Logs what a look at the folder found. The same finding again (the same refusal every few minutes,
   * say) is not logged twice in a row: the log says when things changed.
   */
  log(
    outcome: FleetLogOutcome,
    message: string,
    sequence: number | null,
    modelId: string | null,
    manifestSha256: string | null,
  ): void {
    const last = this.db
      .prepare(`SELECT outcome, message, sequence FROM fleet_log ORDER BY id DESC LIMIT 1`)
      .get() as { outcome: string; message: string; sequence: number | null } | undefined;
    if (last && last.outcome === outcome && last.message === message && last.sequence === sequence) return;
    this.db
      .prepare(
        `INSERT INTO fleet_log (at, outcome, sequence, model_id, manifest_sha256, message) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(new Date().toISOString(), outcome, sequence, modelId, manifestSha256, message);
  }

  entries(limit = 100): FleetLogEntry[] {
    const rows = this.db
      .prepare(`SELECT at, outcome, sequence, model_id, message FROM fleet_log ORDER BY id DESC LIMIT ?`)
      .all(limit) as {
      at: string;
      outcome: FleetLogOutcome;
      sequence: number | null;
      model_id: string | null;
      message: string;
    }[];
    return rows.map((r) => ({
      at: r.at,
      outcome: r.outcome,
      sequence: r.sequence,
      modelId: r.model_id,
      message: r.message,
    }));
  }
}
