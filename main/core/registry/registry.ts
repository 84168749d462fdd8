import os from 'node:os';
import type { Db } from '../db/index.js';
import { explainStorageError } from '../util/storage-errors.js';
import { modelFilePath, sha256Hex, verifyModelFile, writeModelFile } from './store.js';

import type { ModelStatus, ModelSummary } from '../../../contract/index.js';

export type { ModelStatus };
export type ModelAction =
  'register' | 'promote' | 'force-promote' | 'refuse' | 'rollback' | 'fallback' | 'follow';

/** A registry row: what the window shows of a model (ModelSummary), plus what only the core needs. */
export interface ModelRecord extends Omit<ModelSummary, 'rollbackTarget'> {
  readonly sha256: string;
  readonly params: Record<string, unknown>;
  readonly metrics: Record<string, number>;
  readonly report: Record<string, unknown>;
  readonly promotedAt: string | null;
}

export interface RegisterInput {
  readonly bytes: Uint8Array;
  readonly isDemo?: boolean;
  readonly parentId?: string | null;
  readonly trainedFrom?: string | null;
  readonly trainedTo?: string | null;
  readonly rows?: number;
  readonly params?: Record<string, unknown>;
  readonly metrics?: Record<string, number>;
  readonly report?: Record<string, unknown>;
  /**
   * The caller has already written the file durably (writeModelFileAsync, off the thread that answers):
   * only the row is written here.
   */
  readonly stored?: boolean;
}

export interface ModelEvent {
  readonly id: number;
  readonly at: string;
  readonly action: ModelAction;
  readonly modelId: string;
  readonly previousId: string | null;
  readonly comparisonId: number | null;
  readonly user: string;
  readonly reason: string;
}

/** Model ids are the first hex digits of the file's sha256: short enough to type, unique in practice. */
export const MODEL_ID_LENGTH = 12;

interface ModelRow {
  id: string;
  sha256: string;
  status: ModelStatus;
  is_demo: number;
  created_at: string;
  created_by: string;
  parent_id: string | null;
  trained_from: string | null;
  trained_to: string | null;
  rows: number;
  params_json: string;
  metrics_json: string;
  report_json: string;
  promoted_at: string | null;
  forced_promotion: number;
}

/** A model's row with whether it was ever force-promoted (from the model history). */
const MODEL_COLUMNS = `models.*, EXISTS (SELECT 1 FROM model_events e
  WHERE e.model_id = models.id AND e.action = 'force-promote') AS forced_promotion`;

export function currentUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

function toRecord(row: ModelRow): ModelRecord {
  return {
    id: row.id,
    sha256: row.sha256,
    status: row.status,
    isDemo: row.is_demo === 1,
    createdAt: row.created_at,
    createdBy: row.created_by,
    parentId: row.parent_id,
    trainedFrom: row.trained_from,
    trainedTo: row.trained_to,
    rows: row.rows,
    params: JSON.parse(row.params_json) as Record<string, unknown>,
    metrics: JSON.parse(row.metrics_json) as Record<string, number>,
    report: JSON.parse(row.report_json) as Record<string, unknown>,
    promotedAt: row.promoted_at,
    forcedPromotion: row.forced_promotion === 1,
  };
}

/** Rows and files of every model this workstation has trained or shipped. */
export class Registry {
  constructor(
    readonly db: Db,
    readonly modelsDir: string,
  ) {}

  /** Stores the file first (durably), then the row: a crash between the two leaves only an orphan file. */
  register(input: RegisterInput): ModelRecord {
    const sha256 = input.stored ? sha256Hex(input.bytes) : writeModelFile(this.modelsDir, input.bytes).sha256;
    const id = sha256.slice(0, MODEL_ID_LENGTH);
    const existing = this.find(id);
    if (existing) return existing;
    const now = new Date().toISOString();
    const user = currentUser();
    const insert = this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO models (id, sha256, status, is_demo, created_at, created_by, parent_id, trained_from,
             trained_to, rows, params_json, metrics_json, report_json)
           VALUES (?, ?, 'candidate', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          sha256,
          input.isDemo ? 1 : 0,
          now,
          user,
          input.parentId ?? null,
          input.trainedFrom ?? null,
          input.trainedTo ?? null,
          input.rows ?? 0,
          JSON.stringify(input.params ?? {}),
          JSON.stringify(input.metrics ?? {}),
          JSON.stringify(input.report ?? {}),
        );
      this.recordEvent('register', id, null, null, input.isDemo ? 'demo model' : 'trained');
    });
    this.write(() => insert());
    return this.get(id);
  }

  list(): ModelRecord[] {
    const rows = this.db
      .prepare(`SELECT ${MODEL_COLUMNS} FROM models ORDER BY created_at DESC, rowid DESC`)
      .all() as ModelRow[];
    return rows.map(toRecord);
  }

  find(idOrPrefix: string): ModelRecord | null {
    const key = idOrPrefix.trim().toLowerCase();
    if (!/^[0-9a-f]{4,64}$/.test(key)) return null;
    const rows = this.db
      .prepare(`SELECT ${MODEL_COLUMNS} FROM models WHERE id = ? OR sha256 LIKE ? LIMIT 2`)
      .all(key.slice(0, MODEL_ID_LENGTH), `${key}%`) as ModelRow[];
    if (rows.length > 1) throw new Error(`Model id '${idOrPrefix}' is ambiguous: give more digits.`);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  get(idOrPrefix: string): ModelRecord {
    const found = this.find(idOrPrefix);
    if (!found) throw new Error(`No model '${idOrPrefix}'. Run 'pump-eta models' to list them.`);
    return found;
  }

  private championIdQuery: { get(): unknown } | null = null;

  /** The champion's id alone, from a statement prepared once: cheap enough to ask before every answer. */
  championId(): string | null {
    this.championIdQuery ??= this.db.prepare<[]>(`SELECT id FROM models WHERE status = 'champion'`).pluck();
    return (this.championIdQuery.get() as string | undefined) ?? null;
  }

  champion(): ModelRecord | null {
    const row = this.db.prepare(`SELECT ${MODEL_COLUMNS} FROM models WHERE status = 'champion'`).get() as
      ModelRow | undefined;
    return row ? toRecord(row) : null;
  }

  filePath(model: Pick<ModelRecord, 'sha256'>): string {
    return modelFilePath(this.modelsDir, model.sha256);
  }

  /** null when the model's file is present and intact. */
  verify(model: Pick<ModelRecord, 'sha256'>): string | null {
    return verifyModelFile(this.filePath(model), model.sha256);
  }

  /**
   * Makes `id` the one champion, retiring the previous one, and records why — one transaction, so a
   * crash leaves either the old champion or the new one, never none or two.
   */
  setChampion(
    id: string,
    action: ModelAction,
    reason: string,
    comparisonId: number | null = null,
  ): ModelRecord {
    const target = this.get(id);
    const swap = this.db.transaction(() => {
      const previous = this.champion();
      if (previous && previous.id !== target.id) {
        this.db.prepare(`UPDATE models SET status = 'retired' WHERE id = ?`).run(previous.id);
      }
      this.db
        .prepare(`UPDATE models SET status = 'champion', promoted_at = ? WHERE id = ?`)
        .run(new Date().toISOString(), target.id);
      this.recordEvent(action, target.id, previous?.id ?? null, comparisonId, reason);
    });
    this.write(() => swap.immediate());
    return this.get(id);
  }

  /** Records a refused promotion (the model stays a candidate). */
  recordRefusal(id: string, reason: string, comparisonId: number | null): void {
    this.recordEvent('refuse', id, this.champion()?.id ?? null, comparisonId, reason);
  }

  /**
   * The trained champion before the current one, for a plain `rollback`. Walks the champions' history
   * as a stack — a promotion pushes, a rollback (or start-up fallback) returns to an earlier entry — so
   * a second rollback goes one further back instead of restoring the model the first one removed. The
   * demo model is stepped over: it is only ever put back when named (`rollback ID`), never by a plain
   * rollback that ran out of trained models. Null when there is no earlier trained model.
   */
  previousChampion(): ModelRecord | null {
    const current = this.champion();
    if (!current) return null;
    const changes = this.db
      .prepare(
        `SELECT action, model_id, previous_id FROM model_events
         WHERE action IN ('promote', 'force-promote', 'rollback', 'fallback', 'follow') ORDER BY id`,
      )
      .all() as { action: ModelAction; model_id: string; previous_id: string | null }[];
    const stack: string[] = [];
    for (const c of changes) {
      if (stack.length === 0 && c.previous_id) stack.push(c.previous_id);
      const back = c.action === 'rollback' || c.action === 'fallback';
      const at = back ? stack.lastIndexOf(c.model_id) : -1;
      if (at >= 0) stack.length = at + 1;
      else stack.push(c.model_id);
    }
    if (stack[stack.length - 1] !== current.id) stack.push(current.id);
    for (let i = stack.length - 2; i >= 0; i--) {
      // A model deleted since, the current one again further down, or the demo model is stepped over.
      const record = stack[i] === current.id ? null : this.find(stack[i]!);
      if (record && !record.isDemo) return record;
    }
    return null;
  }

  /** A registry write; a full or read-only disk is told as such (its transaction has rolled back). */
  private write<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw explainStorageError(error, { what: 'the model registry', file: this.db.name });
    }
  }

  events(limit = 100): ModelEvent[] {
    const rows = this.db.prepare('SELECT * FROM model_events ORDER BY id DESC LIMIT ?').all(limit) as Array<{
      id: number;
      at: string;
      action: ModelAction;
      model_id: string;
      previous_id: string | null;
      comparison_id: number | null;
      user: string;
      reason: string;
    }>;
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      action: r.action,
      modelId: r.model_id,
      previousId: r.previous_id,
      comparisonId: r.comparison_id,
      user: r.user,
      reason: r.reason,
    }));
  }

  private recordEvent(
    action: ModelAction,
    modelId: string,
    previousId: string | null,
    comparisonId: number | null,
    reason: string,
  ): void {
    this.db
      .prepare(
        `INSERT INTO model_events (at, action, model_id, previous_id, comparison_id, user, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(new Date().toISOString(), action, modelId, previousId, comparisonId, currentUser(), reason);
  }
}
