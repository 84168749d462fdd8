import fs from 'node:fs';
import path from 'node:path';
import type { Comparison } from '../../../contract/index.js';
import type { Db } from '../db/index.js';
import { DEFAULT_POLICY, type PromotionPolicy } from '../evaluation/policy.js';
import { EtaService, loadModel, type LoadedModel, type PredictionLogEntry } from '../serving/service.js';
import { importedWeatherFrom } from '../serving/weather.js';
import type { Gazetteer } from '../places/gazetteer.js';
import { HistoryGazetteer, type PlacesPriority } from '../places/history.js';
import { compareModels, type ComparedModel } from './compare.js';
import { MODEL_ID_LENGTH, Registry, type ModelRecord, type RegisterInput } from './registry.js';
import { removeStrayTempFiles, sha256Hex } from './store.js';

export const DEMO_MODEL_FILE = 'demo-model.onnx';

/** Where the bundled resources (demo model, calendars) are: the repo's or the packaged app's. */
export function findResourcesDir(start: string = path.dirname(new URL(import.meta.url).pathname)): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'resources');
    if (fs.existsSync(path.join(candidate, DEMO_MODEL_FILE))) return candidate;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`the bundled demo model (resources/${DEMO_MODEL_FILE}) was not found`);
    dir = up;
  }
}

export interface ManagerOptions {
  readonly resourcesDir: string;
  readonly policy?: PromotionPolicy;
  readonly log?: (entry: PredictionLogEntry) => void;
  /**
   * When the history's gazetteer is first built: at open (the app, which answers for hours), or when
   * `historyPlacesReady` is first awaited (the CLI, whose commands mostly never place a name).
   */
  readonly historyPlaces?: 'at-open' | 'on-demand';
  /** Its builds' priority: background in the app, foreground for a command that waits for them. */
  readonly historyPlacesPriority?: PlacesPriority;
}

/**
 * The models a workstation has and the one in service. Every switch of champion — promotion,
 * rollback, fallback at start-up — first verifies the file (hash), loads it and makes a smoke
 * prediction, then commits the registry change, then swaps the serving session: a crash at any
 * point leaves a champion that loads.
 */
export class ModelManager {
  /** Problems found at start-up (e.g. a corrupt champion replaced by the previous good model). */
  readonly warnings: string[] = [];

  private constructor(
    readonly db: Db,
    readonly registry: Registry,
    readonly service: EtaService,
    private readonly policy: PromotionPolicy,
    private readonly places: HistoryGazetteer,
  ) {}

  static async open(db: Db, modelsDir: string, options: ManagerOptions): Promise<ModelManager> {
    const registry = new Registry(db, modelsDir);
    removeStrayTempFiles(modelsDir);
    const warnings: string[] = [];
    // Answers start from the model's own gazetteer; the history's is built in a worker (seconds on a
    // large history) and takes over when it arrives. Started before the model loads, so that the
    // worker's start-up and the session's overlap.
    let service: EtaService | null = null;
    let arrived: Gazetteer | null = null;
    const places = new HistoryGazetteer(
      db,
      (g) => {
        arrived = g;
        service?.setDatabaseGazetteer(g);
      },
      options.historyPlacesPriority ?? 'background',
    );
    if ((options.historyPlaces ?? 'at-open') === 'at-open') places.start();
    let loaded: LoadedModel;
    try {
      loaded = await ModelManager.loadChampion(registry, options.resourcesDir, warnings);
    } catch (error) {
      await places.close();
      throw error;
    }
    service = new EtaService(loaded, arrived, options.log, importedWeatherFrom(db));
    const manager = new ModelManager(db, registry, service, options.policy ?? DEFAULT_POLICY, places);
    manager.warnings.push(...warnings);
    return manager;
  }

  /**
   * Settles once the history's gazetteer is in service (at once when the history has no incidents),
   * starting its build if none was; rejects if building it failed, the model's own gazetteer then still
   * answering. The CLI waits for it, so that its answers are the ones the app gives once the history's
   * gazetteer is in.
   */
  historyPlacesReady(): Promise<void> {
    return this.places.ready();
  }

  /** Rebuilds the history's gazetteer in a worker after the history changed (an import, an undo). */
  refreshHistoryPlaces(): Promise<void> {
    return this.places.refresh();
  }

  /** The champion, or the newest earlier champion that still loads, or the demo model. */
  private static async loadChampion(
    registry: Registry,
    resourcesDir: string,
    warnings: string[],
  ): Promise<LoadedModel> {
    const tried = new Set<string>();
    const candidates: ModelRecord[] = [];
    const champion = registry.champion();
    if (champion) candidates.push(champion);
    for (const e of registry.events(1000)) {
      if (e.action === 'refuse' || e.action === 'register') continue;
      for (const id of [e.modelId, e.previousId]) {
        const m = id ? registry.find(id) : null;
        if (m) candidates.push(m);
      }
    }
    for (const m of candidates) {
      if (tried.has(m.id)) continue;
      tried.add(m.id);
      try {
        const loaded = await loadVerified(registry, m);
        if (m.id !== champion?.id) {
          const why = `model ${champion?.id ?? '(none)'} could not be loaded; fell back to ${m.id}`;
          warnings.push(why);
          registry.setChampion(m.id, 'fallback', why);
        }
        return loaded;
      } catch (error) {
        warnings.push(`model ${m.id}: ${(error as Error).message}`);
      }
    }
    // A fresh install, or every model is unusable: the bundled demo model answers.
    const { demo, loaded } = await installDemo(registry, resourcesDir, warnings);
    const reason = champion
      ? `no stored model could be loaded; the demo model answers`
      : 'fresh install: demo model';
    if (champion) warnings.push(reason);
    registry.setChampion(demo.id, champion ? 'fallback' : 'promote', reason);
    return loaded;
  }

  get champion(): ModelRecord {
    return this.registry.get(this.service.model.id);
  }

  list(): ModelRecord[] {
    return this.registry.list();
  }

  /** Registers a newly trained model as a candidate, child of the model in service. */
  register(input: Omit<RegisterInput, 'parentId'>): ModelRecord {
    return this.registry.register({ ...input, parentId: this.service.model.id });
  }

  /** The newest candidate, the default challenger. */
  latestCandidate(): ModelRecord | null {
    return this.registry.list().find((m) => m.status === 'candidate') ?? null;
  }

  async compare(challengerId?: string): Promise<Comparison> {
    const challengerRecord = challengerId ? this.registry.get(challengerId) : this.latestCandidate();
    if (!challengerRecord) throw new Error('no candidate model to compare: retrain first');
    const champion = this.championCompared();
    if (challengerRecord.id === champion.record.id)
      throw new Error(`model ${challengerRecord.id} is already in service`);
    const challenger = {
      record: challengerRecord,
      loaded: await loadVerified(this.registry, challengerRecord),
    };
    try {
      return await compareModels(this.db, champion, challenger, this.policy);
    } finally {
      await challenger.loaded.session.release();
    }
  }

  /**
   * Promotes `id` if the policy allows on the shared holdout, or unconditionally with `force`
   * (recorded as such). Returns the comparison the decision was made on (null if forced without one).
   */
  async promote(id: string, force = false): Promise<{ comparison: Comparison | null; promoted: boolean }> {
    const target = this.registry.get(id);
    const champion = this.championCompared();
    if (target.id === champion.record.id) throw new Error(`model ${target.id} is already in service`);
    const loaded = await loadVerified(this.registry, target);
    let comparison: Comparison | null = null;
    try {
      comparison = await compareModels(this.db, champion, { record: target, loaded }, this.policy);
    } catch (error) {
      if (!force) {
        await loaded.session.release();
        throw error;
      }
    }
    if (comparison && !comparison.decision.promote && !force) {
      this.registry.recordRefusal(target.id, comparison.decision.reasons.join('; '), Number(comparison.id));
      await loaded.session.release();
      return { comparison, promoted: false };
    }
    const reason = comparison ? comparison.decision.reasons.join('; ') : 'forced without a comparison';
    this.registry.setChampion(
      target.id,
      force ? 'force-promote' : 'promote',
      reason,
      comparison ? Number(comparison.id) : null,
    );
    this.switchTo(loaded);
    return { comparison, promoted: true };
  }

  /**
   * Takes the registry's champion when another process changed it (a command-line promote or rollback
   * while this window is open): the model it names is loaded, checked and swapped in between two
   * answers. Returns the model now in service when it changed, else null.
   */
  async followRegistry(): Promise<ModelRecord | null> {
    const registered = this.registry.champion();
    if (!registered || registered.id === this.service.model.id) return null;
    const loaded = await loadVerified(this.registry, registered);
    if (this.registry.champion()?.id !== registered.id) {
      await loaded.session.release();
      return null;
    }
    this.switchTo(loaded);
    return registered;
  }

  /** Back to `id`, or to the champion before the current one. */
  async rollback(id?: string): Promise<ModelRecord> {
    const target = id ? this.registry.get(id) : this.registry.previousChampion();
    if (!target) throw new Error(noEarlierModelSentence(this.registry.champion()));
    if (target.id === this.service.model.id) throw new Error(`model ${target.id} is already in service`);
    // A rollback returns to a model that has answered before; a model that never has goes through a
    // comparison (promote), where the policy can refuse it and a forced promotion is recorded as such.
    if (target.promotedAt === null && !target.isDemo) {
      throw new Error(
        `model ${target.id} has never been in service, so it cannot be rolled back to: it is a ${target.status}. ` +
          `Compare it with the champion and promote it ('pump-eta promote ${target.id}'; in the window, Models → Promote…)`,
      );
    }
    const loaded = await loadVerified(this.registry, target);
    const record = this.registry.setChampion(
      target.id,
      'rollback',
      id ? `rollback to ${id}` : 'rollback to the previous champion',
    );
    this.switchTo(loaded);
    return record;
  }

  /**
   * Puts a published model in service on a follower: `loaded` was verified (signature, hash) and has
   * answered its smoke call; it is registered, made champion ('follow'), then swapped in between two
   * answers (an answer in flight finishes on the session it started with).
   */
  follow(
    bytes: Uint8Array,
    loaded: LoadedModel,
    input: Omit<RegisterInput, 'bytes'>,
    reason: string,
    alongside: () => void = () => {},
  ): ModelRecord {
    const registered = this.registry.register({ ...input, bytes });
    if (registered.id !== loaded.id)
      throw new Error(`the published model is ${registered.id}, not ${loaded.id}`);
    // Safe to repeat after a busy database: a champion already set is not set (and recorded) twice.
    const record =
      this.registry.champion()?.id === registered.id
        ? registered
        : this.registry.setChampion(registered.id, 'follow', reason);
    alongside();
    this.switchTo(loaded);
    return record;
  }

  async close(): Promise<void> {
    await this.places.close();
    await this.service.model.session.release();
  }

  private championCompared(): ComparedModel {
    return { record: this.registry.get(this.service.model.id), loaded: this.service.model };
  }

  private switchTo(loaded: LoadedModel): void {
    const previous = this.service.swap(loaded);
    // In-flight answers hold the old session for one more turn of the event loop.
    setTimeout(() => void previous.session.release().catch(() => {}), 1_000).unref();
  }
}

/** Raised when no model at all can answer: the message says why and what to do. */
export class NoUsableModelError extends Error {
  override name = 'NoUsableModelError';
}

/**
 * Loads the bundled demo model before registering it: a damaged or missing file in the installation
 * must stop start-up with a sentence saying so, not enter the registry or answer a dispatcher.
 */
async function installDemo(
  registry: Registry,
  resourcesDir: string,
  warnings: readonly string[],
): Promise<{ demo: ModelRecord; loaded: LoadedModel }> {
  const file = path.join(resourcesDir, DEMO_MODEL_FILE);
  const refuse = (why: string, cause: unknown): never => {
    const before = warnings.length ? ` No stored model could be used either (${warnings.join('; ')}).` : '';
    throw new NoUsableModelError(
      `The bundled demo model ${file} ${why}, so Pump ETA has no model to answer with.${before} ` +
        `Reinstall Pump ETA to restore the file.`,
      { cause },
    );
  };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return refuse(code === 'ENOENT' ? 'is missing' : `cannot be read (${code ?? 'error'})`, error);
  }
  let loaded: LoadedModel;
  try {
    loaded = await loadModel(bytes, sha256Hex(bytes).slice(0, MODEL_ID_LENGTH));
  } catch (error) {
    return refuse(`is damaged (${(error as Error).message})`, error);
  }
  try {
    const demo = registry.register({ bytes, isDemo: true, report: { source: 'bundled demo model' } });
    return { demo, loaded: { ...loaded, isDemo: true } };
  } catch (error) {
    await loaded.session.release();
    throw error;
  }
}

/** Hash check, session, smoke prediction: a model that fails any of them is never served. */
export async function loadVerified(registry: Registry, model: ModelRecord): Promise<LoadedModel> {
  const problem = registry.verify(model);
  if (problem) throw new Error(problem);
  const bytes = fs.readFileSync(registry.filePath(model));
  const loaded = await loadModel(bytes, model.id);
  return { ...loaded, isDemo: loaded.isDemo || model.isDemo };
}

/**
 * A plain rollback with no earlier trained model: refused, never a silent return to the demo model
 * (synthetic answers on a dispatcher's screen); the demo model can still be named on purpose.
 */
function noEarlierModelSentence(champion: ModelRecord | null): string {
  if (!champion || champion.isDemo)
    return (
      'there is no earlier trained model to roll back to: the demo model is in service. ' +
      "Promote a trained model ('pump-eta models' lists them)"
    );
  return (
    `there is no earlier trained model to roll back to: model ${champion.id} is the first trained model in service here. ` +
    `To serve the demo model (synthetic data, not LFB records) instead, name it: 'pump-eta rollback ID' ('pump-eta models' lists the ids)`
  );
}
