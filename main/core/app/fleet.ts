import fs from 'node:fs';
import { createPublicKey, type KeyObject } from 'node:crypto';
import type {
  FleetAbout,
  FleetEvent,
  FleetSettings,
  FleetStatus,
  ModelOrigin,
  Publication,
  PublicationList,
  PublicationReason,
  Settings,
} from '../../../contract/fleet.js';
import type { Db } from '../db/index.js';
import { checkSettings } from '../fleet/check-settings.js';
import { toPublication } from '../fleet/envelope.js';
import { keyFingerprint, readPrivateKey, readPublicKey } from '../fleet/keys.js';
import { publishToFolder } from '../fleet/publish.js';
import { readCurrent, readJournal, type FolderReading } from '../fleet/read.js';
import { modelsDir } from '../fleet/layout.js';
import { FleetStore } from '../fleet/store.js';
import { writeWithoutWaiting } from '../fleet/without-waiting.js';
import { writeModelFileAsync } from '../registry/store.js';
import type { ModelManager } from '../registry/manager.js';
import { currentUser } from '../registry/registry.js';
import { loadModel } from '../serving/service.js';
import { saveSettings, type LoadedSettings } from '../settings/store.js';
import {
  behindSentence,
  followerChangeSentence,
  followerPublishSentence,
  keyChangeSentence,
  notInServiceSentence,
  notNewerForeignSentence,
  notOurKeySentence,
  PublishRefusedError,
  publicKeyMismatch,
  readFolderManifest,
} from './fleet-publisher.js';
import {
  followerDemoSentence,
  followerNotYetSentence,
  fromLog,
  LOCAL_DEMO_NOTICE,
  type Remedy,
} from './fleet-demo.js';
import { SettingsSource } from './fleet-settings.js';
import { describeModel } from './fleet-words.js';

/** Folder events come in bursts (temp file, rename, journal): one check after they settle. */
const WATCH_DEBOUNCE_MS = 1_000;
const MS_PER_MINUTE = 60_000;
/** While the folder cannot be reached, look again this soon: a share back from a restart is picked up quickly. */
export const UNREACHABLE_RETRY_MS = 30_000;
/** What an earlier publication signed by the key before a rotation is, in the Publications list. */
const SUPERSEDED_NOTE = 'earlier publication, signed by a previous key';
/** A later one: the folder moved to a key this workstation was not given (a rotation, or a stranger). */
const LATER_NOTE =
  'later publication, signed by another key: if the data officer rotated the key, ask for the new public key';
const OTHER_KEY_NOTE = 'signed by another key';

/** How often a watching core looks at the folder; tests shorten both. */
export interface FleetTiming {
  /** Between two looks when the last one reached the folder (default: the settings' checkMinutes). */
  readonly checkMs?: number;
  /** Between two looks while the folder cannot be reached (default UNREACHABLE_RETRY_MS). */
  readonly unreachableRetryMs?: number;
}

export interface PublishOptions {
  readonly reason?: PublicationReason;
  /** The person confirmed a key rotation: publish although the folder's publication has another key. */
  readonly newKey?: boolean;
}

export interface FleetOptions {
  readonly db: Db;
  readonly manager: ModelManager;
  readonly dataDir: string;
  /** The app watches the folder (and checks at start-up and every few minutes); the CLI checks when asked. */
  readonly mode: 'watch' | 'manual';
  /** Command-line flags that override the saved settings for this run only. */
  readonly overrides?: Partial<FleetSettings>;
  /** The settings already read by the caller (read once: a bad file is moved aside when read). */
  readonly loaded?: LoadedSettings;
  readonly timing?: FleetTiming;
}

/**
 * This workstation's part in the fleet: the settings, publishing the champion (role 'publish'), and
 * following the shared folder (role 'follow'): verify, load, smoke call, then swap between answers.
 * Every outcome is a FleetStatus with one sentence; listeners hear each change.
 */
export class Fleet {
  private readonly source: SettingsSource;
  private current: FleetStatus;
  private readonly store: FleetStore;
  private readonly listeners = new Set<(event: FleetEvent) => void>();
  private check: Promise<FleetStatus> | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** The folder and its models/ folder, by path: a model file altered in place is seen at once too. */
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private debounce: NodeJS.Timeout | null = null;
  private closed = false;
  /** A folder event arrived during a look: look once more when it ends. */
  private lookAgain = false;
  /** A follower's last look that did not end on the published model: why, and who can put it right. */
  private problem: { readonly reason: string; readonly remedy: Remedy } | null = null;

  constructor(private readonly options: FleetOptions) {
    this.store = new FleetStore(options.db);
    this.source = new SettingsSource(options.dataDir, options.loaded);
    this.current = this.idleStatus();
  }

  /**
   * Starts watching (app mode): a first look now, then (a follower) on folder events, and every few
   * minutes — every 30 s while the folder cannot be reached. A publisher looks too: is the model in
   * service here the one the folder publishes?
   */
  start(): void {
    if (this.options.mode !== 'watch' || this.closed) return;
    this.stopWatching();
    const fleet = this.settings().fleet;
    if (!fleet.folder || fleet.role === 'off') return;
    void this.syncNow();
    if (fleet.role === 'follow') this.watch();
  }

  /** The settings in force: the saved ones with this run's command-line overrides. */
  settings(): Settings {
    const saved = this.source.current.settings;
    return { ...saved, fleet: { ...saved.fleet, ...this.options.overrides } };
  }

  /** The settings as saved in settings.json (what the dialog edits), without this run's overrides. */
  savedSettings(): Settings {
    this.refreshSettings();
    return this.source.current.settings;
  }

  get settingsWarning(): string | null {
    return this.source.current.warning;
  }

  about(): FleetAbout {
    this.refreshSettings();
    return {
      settings: this.settings(),
      settingsFile: this.source.current.file,
      settingsWarning: this.source.current.warning,
      status: this.status(),
    };
  }

  /**
   * Takes settings.json again when it changed behind this core (the command line edits the same file):
   * a key, folder or role changed there is the one used from the next look or publication on.
   */
  refreshSettings(): void {
    if (!this.source.refresh() || this.closed) return;
    this.stopWatching();
    if (this.check === null) this.setStatus(this.idleStatus());
    if (this.options.mode !== 'watch') return;
    const fleet = this.settings().fleet;
    if (fleet.role === 'follow') this.watch();
    // Inside a look, that look schedules the next one; otherwise look now, with the new settings.
    if (this.check === null && fleet.role !== 'off' && fleet.folder) void this.syncNow();
  }

  /**
   * Promotion and rollback on a follower: refused in one sentence, since its next look at the folder
   * would put the published model back. The data officer's workstation decides for every workstation.
   */
  refuseOnFollower(): void {
    this.refreshSettings();
    const fleet = this.settings().fleet;
    if (fleet.role === 'follow' && fleet.folder) throw new Error(followerChangeSentence(fleet.folder));
  }

  /** The model in service changed outside this window: every window hears the status with its new origin. */
  modelChanged(): void {
    this.setStatus(this.status());
  }

  /** The last status, its origin brought up to date (a local promotion changes the model in service). */
  status(): FleetStatus {
    return { ...this.current, origin: this.origin() };
  }

  /**
   * Why the demo model answers here, said with each of its answers: on a follower, why the control
   * room's model is not in service and who can put it right (never "import data and retrain": the data
   * officer's workstation trains for every workstation); elsewhere, to import LFB data and train.
   */
  demoNotice(): string {
    const fleet = this.settings().fleet;
    if (fleet.role !== 'follow' || !fleet.folder) return LOCAL_DEMO_NOTICE;
    const problem = this.problem ?? fromLog(this.store.entries(1)[0]);
    return problem
      ? followerDemoSentence(problem.reason, problem.remedy)
      : followerNotYetSentence(fleet.folder);
  }

  onEvent(listener: (event: FleetEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Checks and saves settings; a saved change takes effect at once (watching starts or stops). */
  save(input: unknown): Settings {
    const checked = checkSettings(input);
    saveSettings(this.options.dataDir, checked);
    this.source.saved(checked);
    // Saved (the dialog's person chose it), but a key that does not verify the folder is said at once.
    const { role, folder, publicKeyFile } = checked.fleet;
    const mismatch =
      role === 'follow' && folder && publicKeyFile ? publicKeyMismatch(folder, publicKeyFile) : null;
    this.setStatus(mismatch ? this.base('refused', mismatch) : this.idleStatus());
    this.start();
    return checked;
  }

  /** One look at the shared folder now; a look already under way is joined, not repeated. */
  syncNow(): Promise<FleetStatus> {
    this.check ??= this.runCheck().finally(() => {
      this.check = null;
      // The folder changed while that look was under way: it may have read the folder before the change.
      if (this.lookAgain && !this.closed) {
        this.lookAgain = false;
        void this.syncNow();
      } else {
        // A first publication made models/: watch it from now on.
        if (this.options.mode === 'watch' && !this.closed && this.settings().fleet.role === 'follow')
          this.watch();
        this.schedule();
      }
    });
    return this.check;
  }

  /**
   * Publishes the model in service to the shared folder with this workstation's key. `id`, when given,
   * must name the model in service: a model never promoted here (or refused by the promotion policy) is
   * never published. Refused before anything is written when the folder's publication is signed by
   * another key, unless `newKey` confirms the rotation. Never touches the local registry.
   */
  async publish(id?: string, options: PublishOptions = {}): Promise<Publication> {
    this.refreshSettings();
    const fleet = this.settings().fleet;
    // A follower publishing would put its copy of the control room's model (or a model of its own) in
    // front of every workstation under the data officer's name.
    if (fleet.role === 'follow' && fleet.folder) throw new Error(followerPublishSentence(fleet.folder));
    if (!fleet.folder || !fleet.privateKeyFile) {
      throw new Error(
        'To publish, set the shared folder and the private key file (Settings, or --folder and --key).',
      );
    }
    const manager = this.options.manager;
    // A command-line promote or rollback while this window is open changed the model in service behind
    // it: serve that model from now on, and publish nothing the person did not see.
    const changed = await manager.followRegistry();
    if (changed) {
      throw new PublishRefusedError(
        `The model in service was changed outside this window: model ${changed.id} is in service from now on. ` +
          `Nothing was published: look at it, then publish again.`,
        'not-in-service',
      );
    }
    const record = manager.champion;
    if (id !== undefined) {
      const asked = manager.registry.get(id);
      if (asked.id !== record.id)
        throw new PublishRefusedError(notInServiceSentence(asked.id, record.id), 'not-in-service');
    }
    const privateKey = readPrivateKey(fleet.privateKeyFile);
    if (record.isDemo) {
      throw new Error(
        `Model ${record.id} is the demo model, trained on synthetic data: it is never published. ` +
          `Promote a model trained on LFB records ('pump-eta models' lists them), then publish.`,
      );
    }
    const problem = manager.registry.verify(record);
    if (problem) throw new Error(`Model ${record.id} cannot be published: ${problem}.`);
    const found = readFolderManifest(fleet.folder, readPublicFrom(privateKey));
    if (found.kind === 'other-key' && !options.newKey)
      throw new PublishRefusedError(keyChangeSentence(found, fleet.privateKeyFile), 'key-change');
    const previous =
      found.kind === 'ours'
        ? found.manifest.modelId
        : found.kind === 'other-key'
          ? (found.claimed?.modelId ?? null)
          : null;
    const bytes = fs.readFileSync(manager.registry.filePath(record));
    try {
      const publication = publishToFolder(
        fleet.folder,
        {
          modelId: record.id,
          bytes,
          previousModelId: previous,
          trainedFrom: record.trainedFrom,
          trainedTo: record.trainedTo,
          metrics: record.metrics,
          publishedBy: fleet.publisherName,
          user: currentUser(),
          reason: options.reason ?? 'manual',
        },
        privateKey,
      );
      const message = `Model ${record.id} was published to ${fleet.folder} (publication ${publication.sequence}).`;
      this.store.log('published', message, publication.sequence, record.id, null);
      this.setStatus({ ...this.base('published', message), lastCheckAt: new Date().toISOString() });
      return publication;
    } catch (error) {
      const message = (error as Error).message;
      this.store.log('publish-failed', message, null, record.id, null);
      this.setStatus({ ...this.base('unreachable', message), lastCheckAt: new Date().toISOString() });
      throw error;
    }
  }

  /**
   * After a local promotion or rollback: publishes the new champion when this workstation publishes on
   * promotion. Returns a sentence to show, or null when there was nothing to do. Never throws: the
   * promotion stands whatever happens to the publication.
   */
  async afterChampionChange(reason: 'promote' | 'rollback'): Promise<string | null> {
    this.refreshSettings();
    const fleet = this.settings().fleet;
    if (fleet.role === 'publish' && fleet.folder && !fleet.publishOnPromote) {
      // Not published on promotion: one look says whether the control room now follows another model.
      const status = await this.syncNow();
      return status.outcome === 'behind' ? status.message : null;
    }
    if (fleet.role !== 'publish' || !fleet.publishOnPromote) {
      // The model in service changed here: windows hear its (local) origin at once.
      this.setStatus(this.status());
      return null;
    }
    try {
      const p = await this.publish(undefined, { reason });
      return `Published to ${fleet.folder ?? 'the shared folder'} as publication ${p.sequence}: workstations will follow.`;
    } catch (error) {
      return `The model is in service here, but publishing it failed: ${(error as Error).message}`;
    }
  }

  /**
   * The folder's publications: the one in force, the journal newest first, the earlier ones signed by
   * another key (superseded by a rotation: not faults), and what did not verify. Only the current
   * manifest's own verification and damaged files are problems.
   */
  async publications(): Promise<PublicationList> {
    this.refreshSettings();
    const fleet = this.settings().fleet;
    const empty = { current: null, history: [], otherKey: [], keyChange: null };
    if (!fleet.folder) return { folder: null, problems: [], ...empty };
    let key: KeyObject;
    try {
      key = this.verificationKey(fleet);
    } catch (error) {
      return { folder: fleet.folder, problems: [(error as Error).message], ...empty };
    }
    const [reading, journal] = await Promise.all([
      readCurrent(fleet.folder, key),
      readJournal(fleet.folder, key),
    ]);
    const problems = [...journal.problems];
    let current: Publication | null = null;
    if (reading.kind === 'ok')
      current =
        journal.publications.find(
          (p) => p.sequence === reading.manifest.sequence && p.sha256 === reading.manifest.sha256,
        ) ?? null;
    if (reading.kind === 'ok' && !current) current = toPublication(reading.manifest);
    if (reading.kind === 'refused') problems.unshift(this.refusalSentence(reading, fleet));
    if (reading.kind === 'unreachable') problems.unshift(reading.message);
    const history =
      current &&
      !journal.publications.some((p) => p.sequence === current.sequence && p.sha256 === current.sha256)
        ? [current, ...journal.publications]
        : journal.publications;
    // Where the list stands: the publication in force, else the newest that verifies here, else the
    // newest this workstation followed. Entries of another key below it are a rotation's earlier ones.
    const reference =
      current?.sequence ??
      Math.max(0, ...journal.publications.map((p) => p.sequence), this.store.followedSequence());
    const otherKey = journal.otherKey.map((entry) => ({
      ...entry,
      note: reference === 0 ? OTHER_KEY_NOTE : entry.sequence < reference ? SUPERSEDED_NOTE : LATER_NOTE,
    }));
    return {
      folder: fleet.folder,
      current,
      history,
      problems,
      otherKey,
      keyChange: this.keyChange(fleet),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopWatching();
    this.listeners.clear();
    await this.check?.catch(() => undefined);
  }

  /** A publisher's: the sentence a publication now would be refused with for the folder's key, or null. */
  private keyChange(fleet: FleetSettings): string | null {
    if (fleet.role !== 'publish' || !fleet.folder || !fleet.privateKeyFile) return null;
    try {
      const found = readFolderManifest(fleet.folder, readPublicFrom(readPrivateKey(fleet.privateKeyFile)));
      return found.kind === 'other-key' ? keyChangeSentence(found, fleet.privateKeyFile) : null;
    } catch {
      return null;
    }
  }

  /** A refused reading in one sentence: another key is said as what to do about it, per role. */
  private refusalSentence(
    reading: Extract<FolderReading, { kind: 'refused' }>,
    fleet: FleetSettings,
  ): string {
    if (reading.stage !== 'key' || !reading.keys) return reading.message;
    // Another key's manifest numbered below a publication this workstation already verified is no key
    // rotation (a rotation publishes the next number; the same number is this workstation's key changed):
    // copied or restored over the folder.
    const known = this.store.knownSequence();
    const claimed = reading.keys.claimedSequence;
    if (claimed !== null && claimed < known)
      return notNewerForeignSentence(fleet.role, claimed, known, reading.keys.claimed);
    if (fleet.role === 'publish') return this.keyChange(fleet) ?? reading.message;
    return notOurKeySentence(fleet.publicKeyFile, reading.keys.expected, reading.keys.claimed);
  }

  /** A follower checks with the data officer's public key; a publisher with its own key's public half. */
  private verificationKey(fleet: FleetSettings): KeyObject {
    if (fleet.role === 'publish' && fleet.privateKeyFile)
      return readPublicFrom(readPrivateKey(fleet.privateKeyFile));
    if (fleet.publicKeyFile) return readPublicKey(fleet.publicKeyFile);
    if (fleet.privateKeyFile) return readPublicFrom(readPrivateKey(fleet.privateKeyFile));
    throw new Error("Set the data officer's public key file to read the shared folder's publications.");
  }

  private async runCheck(): Promise<FleetStatus> {
    this.refreshSettings();
    const fleet = this.settings().fleet;
    const now = new Date().toISOString();
    if (fleet.role === 'off' || !fleet.folder) return this.setStatus(this.idleStatus());
    let key: KeyObject;
    try {
      key = this.verificationKey(fleet);
    } catch (error) {
      return this.setStatus({ ...this.base('not-configured', (error as Error).message), lastCheckAt: now });
    }
    let status: FleetStatus;
    try {
      const reading = await readCurrent(fleet.folder, key);
      // A publisher serves what its registry says, also after a command-line promote or rollback.
      if (fleet.role !== 'follow') await this.options.manager.followRegistry();
      status =
        fleet.role === 'follow' ? await this.follow(reading, fleet) : this.publisherView(reading, fleet);
    } catch (error) {
      status = this.base(
        'refused',
        `The check of the shared folder failed: ${(error as Error).message}. ${this.keeps()}`,
      );
    }
    return this.setStatus({ ...status, lastCheckAt: now });
  }

  /** A follower's step: take a newer, verified publication, or keep the model in service and say why. */
  private async follow(reading: FolderReading, fleet: FleetSettings): Promise<FleetStatus> {
    switch (reading.kind) {
      case 'unreachable':
        await this.write(() => this.store.log('unreachable', reading.message, null, null, null));
        return this.keepFor('unreachable', reading.message, 'reach-folder');
      case 'nothing-published':
        return this.keepFor('nothing-published', reading.message, 'publish-first');
      case 'refused': {
        // Signed by another key than the one configured here: refused even when it is the publication
        // this workstation took earlier (a wrong key file would otherwise go unnoticed until the next one).
        const sentence = this.refusalSentence(reading, fleet);
        await this.write(() => this.store.log('refused', sentence, null, null, reading.manifestSha256));
        return this.keepFor('refused', sentence, reading.stage === 'key' ? 'public-key' : 'publish-again');
      }
      case 'ok':
        return this.take(reading);
    }
  }

  /**
   * A follower's look that keeps the model in service: the reason, then what stays in service — the
   * demo model said as such, with who can put the control room's model in service.
   */
  private keepFor(outcome: FleetStatus['outcome'], reason: string, remedy: Remedy): FleetStatus {
    this.problem = { reason, remedy };
    if (this.options.manager.service.model.isDemo)
      return this.base(outcome, followerDemoSentence(reason, remedy));
    return this.base(outcome, `${reason} ${this.keeps()}`);
  }

  private async take(reading: Extract<FolderReading, { kind: 'ok' }>): Promise<FleetStatus> {
    const { manifest, manifestSha256, bytes } = reading;
    const manager = this.options.manager;
    const followed = this.store.followedSequence();
    const refuse = async (why: string) => {
      const message = `Publication ${manifest.sequence} (model ${manifest.modelId}) is refused: ${why}.`;
      await this.write(() =>
        this.store.log('refused', message, manifest.sequence, manifest.modelId, manifestSha256),
      );
      return this.keepFor('refused', message, 'publish-again');
    };
    if (manifest.sequence < followed) {
      return refuse(
        `it is older than publication ${followed}, already followed here (a copy of the folder restored from ` +
          `backup, or an old manifest put back); the data officer can publish again to move every workstation on`,
      );
    }
    if (manifest.modelId === manager.service.model.id) {
      const message = () =>
        `${describeModel(manifest.modelId, this.origin())} is in service; it is the one published.`;
      this.problem = null;
      await this.write(() => {
        if (this.store.origin(manifest.modelId)?.manifestSha256 !== manifestSha256) {
          this.store.recordOrigin(manifest, manifestSha256);
        }
        this.store.log('up-to-date', message(), manifest.sequence, manifest.modelId, manifestSha256);
      });
      return this.base('up-to-date', message());
    }
    let loaded;
    try {
      loaded = await loadModel(bytes, manifest.modelId);
    } catch (error) {
      return refuse(`the model does not load or answer its test call (${(error as Error).message})`);
    }
    if (loaded.id !== manifest.sha256.slice(0, loaded.id.length)) {
      await loaded.session.release();
      return refuse('its model id does not match its hash');
    }
    const previousId = manager.service.model.id;
    try {
      // The file first, off the main thread; then the rows, never waiting for an import's write lock
      // here (answers go on meanwhile, from the model in service); then the swap.
      await writeModelFileAsync(manager.registry.modelsDir, bytes);
      await this.write(() =>
        manager.follow(
          bytes,
          loaded,
          {
            trainedFrom: manifest.trainedFrom,
            trainedTo: manifest.trainedTo,
            metrics: manifest.metrics,
            stored: true,
            report: {
              source: 'published',
              publication: manifest.sequence,
              publishedBy: manifest.publishedBy,
            },
          },
          `followed publication ${manifest.sequence} by ${manifest.publishedBy} (${manifest.reason})`,
          () => this.store.recordOrigin(manifest, manifestSha256),
        ),
      );
    } catch (error) {
      await loaded.session.release();
      throw error;
    }
    this.problem = null;
    const message = `${describeModel(manifest.modelId, this.origin())} is now in service, replacing model ${previousId}.`;
    await this.write(() =>
      this.store.log('updated', message, manifest.sequence, manifest.modelId, manifestSha256),
    );
    return this.base('updated', message);
  }

  /** A publisher's look: is the model in service here the one the folder publishes? */
  private publisherView(reading: FolderReading, fleet: FleetSettings): FleetStatus {
    const champion = this.options.manager.champion.id;
    const folder = fleet.folder ?? 'the shared folder';
    switch (reading.kind) {
      case 'unreachable':
        return this.base('unreachable', reading.message);
      case 'refused':
        return this.base('refused', this.refusalSentence(reading, fleet));
      case 'nothing-published':
        return this.base(
          'nothing-published',
          `${reading.message} Publish model ${champion} so that workstations follow it.`,
        );
      case 'ok':
        return reading.manifest.modelId === champion
          ? this.base(
              'published',
              `Model ${champion} is in service here and published to ${folder} (publication ${reading.manifest.sequence}).`,
            )
          : this.base('behind', behindSentence(reading.manifest, champion));
    }
  }

  /** A write from a follower's check: never waits on the main thread for another writer's lock. */
  private write<T>(fn: () => T): Promise<T> {
    return writeWithoutWaiting(this.options.db, fn, () => this.closed);
  }

  private keeps(): string {
    return `${describeModel(this.options.manager.service.model.id, this.origin())} stays in service.`;
  }

  private origin(): ModelOrigin {
    const found = this.store.origin(this.options.manager.service.model.id);
    return found
      ? { kind: 'published', publishedAt: found.publishedAt, publishedBy: found.publishedBy }
      : { kind: 'local' };
  }

  private keyFingerprintOf(fleet: FleetSettings): string | null {
    try {
      return keyFingerprint(this.verificationKey(fleet));
    } catch {
      return null;
    }
  }

  private base(outcome: FleetStatus['outcome'], message: string): FleetStatus {
    const fleet = this.settings().fleet;
    return {
      role: fleet.role,
      folder: fleet.folder,
      lastCheckAt: this.current?.lastCheckAt ?? null,
      outcome,
      message,
      origin: this.origin(),
      keyFingerprint: this.keyFingerprintOf(fleet),
    };
  }

  /** Before any look at the folder: what the settings make this workstation. */
  private idleStatus(): FleetStatus {
    const fleet = this.settings().fleet;
    const model = describeModel(this.options.manager.service.model.id, this.origin());
    switch (fleet.role) {
      case 'off':
        return this.base(
          'not-configured',
          `This workstation is not part of a fleet; ${model} is in service.`,
        );
      case 'follow':
        return fleet.folder && fleet.publicKeyFile
          ? this.base('checking', `Checking the shared folder ${fleet.folder}… ${model} is in service.`)
          : this.base(
              'not-configured',
              "Following is on, but the shared folder or the data officer's public key is not set: set both in Settings.",
            );
      case 'publish':
        return fleet.folder && fleet.privateKeyFile
          ? this.base(
              'checking',
              `This workstation publishes to ${fleet.folder}. ${model} is in service here.`,
            )
          : this.base(
              'not-configured',
              'Publishing is on, but the shared folder or the private key is not set: set both in Settings.',
            );
    }
  }

  private setStatus(status: FleetStatus): FleetStatus {
    this.current = status;
    const event: FleetEvent = { type: 'fleet-status', status };
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        /* a listener's failure is its own; the others still hear */
      }
    }
    return status;
  }

  /**
   * The next look (a watching core): after the settings' interval, or soon while the folder cannot be
   * reached, so that a share back from a restart is followed within seconds rather than minutes.
   */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.options.mode !== 'watch' || this.closed) return;
    const fleet = this.settings().fleet;
    if (fleet.role === 'off' || !fleet.folder) return;
    const timing = this.options.timing ?? {};
    const delay =
      this.current.outcome === 'unreachable'
        ? (timing.unreachableRetryMs ?? UNREACHABLE_RETRY_MS)
        : (timing.checkMs ?? fleet.checkMinutes * MS_PER_MINUTE);
    const wasUnreachable = this.current.outcome === 'unreachable';
    this.timer = setTimeout(() => {
      this.timer = null;
      // A watch on a folder that went away watches nothing: set it up again on the folder as it is now.
      if (wasUnreachable) this.closeWatchers();
      if (this.settings().fleet.role === 'follow') this.watch();
      void this.syncNow();
    }, delay);
    this.timer.unref();
  }

  private watch(): void {
    const folder = this.settings().fleet.folder;
    if (!folder || this.closed) return;
    // models/ appears with the first publication: a later call (after each look) adds its watch.
    for (const dir of [folder, modelsDir(folder)]) {
      if (this.watchers.has(dir)) continue;
      try {
        // Network shares may miss events or refuse to be watched: the timer's checks cover both.
        const watcher = fs.watch(dir, { persistent: false }, () => this.scheduleCheck());
        watcher.on('error', () => {
          watcher.close();
          this.watchers.delete(dir);
          this.scheduleCheck();
        });
        this.watchers.set(dir, watcher);
      } catch {
        /* not there (yet), or not watchable: the timer looks */
      }
    }
  }

  private closeWatchers(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private scheduleCheck(): void {
    if (this.closed) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = null;
      if (this.check) this.lookAgain = true;
      else void this.syncNow();
    }, WATCH_DEBOUNCE_MS);
    this.debounce.unref();
  }

  private stopWatching(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
    this.closeWatchers();
    this.timer = null;
    this.debounce = null;
  }
}

function readPublicFrom(privateKey: KeyObject): KeyObject {
  return privateKey.type === 'private' ? createPublicKey(privateKey) : privateKey;
}
