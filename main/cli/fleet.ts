import fs from 'node:fs';
import path from 'node:path';
import {
  FLEET_CHECK_MINUTES,
  FLEET_ROLES,
  RETENTION_DAYS,
  type FleetRole,
  type FleetSettings,
  type FleetStatus,
  type Publication,
  type Settings,
} from '../../contract/fleet.js';
import { followerPublishSentence, publicKeyMismatch } from '../core/app/fleet-publisher.js';
import { shortLondonTime } from '../core/app/fleet-words.js';
import { checkSettings } from '../core/fleet/check-settings.js';
import { createKeyPair } from '../core/fleet/keys.js';
import { dataDirFor } from '../core/paths.js';
import { loadSettings, saveSettings } from '../core/settings/store.js';
import {
  cliDbPath,
  intFlag,
  parseCommandArgs,
  printJson,
  UsageError,
  type CliIO,
  type Command,
} from './common.js';
import { openContext } from './context.js';

/** Exit codes of `sync`: the model in service was kept because the folder could not be read or was refused. */
const EXIT_UNREACHABLE = 4;
const EXIT_REFUSED = 5;
/** `publish --status`: the folder publishes another model than the one in service here. */
const EXIT_BEHIND = 6;

/** A path flag: absolute, so the settings mean the same file from any working folder; '' clears it. */
const pathFlag = (value: string | undefined): string | null | undefined =>
  value === undefined ? undefined : value.trim() === '' ? null : path.resolve(value);

export const keysCommand: Command = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(
    'keys',
    argv,
    { out: { type: 'string' }, json: { type: 'boolean', default: false } },
    true,
  );
  if (positionals[0] !== 'create' || positionals.length > 1) {
    throw new UsageError("keys: the only subcommand is 'create': pump-eta keys create --out FILE");
  }
  if (!values.out)
    throw new UsageError('keys create: give --out FILE (the private key; FILE.pub is the public one).');
  const made = createKeyPair(path.resolve(values.out));
  if (values.json) printJson(io, made);
  else {
    io.stdout(
      `Private key: ${made.privateKeyFile} (keep it on the data officer's workstation only, never on the share)\n` +
        `Public key:  ${made.publicKeyFile} (copy it to every dispatcher workstation)\n` +
        `Fingerprint: ${made.fingerprint}\n`,
    );
  }
  return 0;
};

function describePublication(p: Publication): string {
  return (
    `publication ${p.sequence}: model ${p.modelId}, published ${shortLondonTime(p.publishedAt)} by ${p.publishedBy}` +
    ` (${p.user}, ${p.reason}), key ${p.keyFingerprint}`
  );
}

export const publishCommand: Command = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(
    'publish',
    argv,
    {
      folder: { type: 'string' },
      key: { type: 'string' },
      db: { type: 'string' },
      'new-key': { type: 'boolean', default: false },
      status: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    true,
  );
  if (positionals.length > 1) throw new UsageError('publish: give at most one model id.');
  if (values.status && (positionals.length > 0 || values['new-key']))
    throw new UsageError('publish --status only looks: give no model id and no --new-key with it.');
  const overrides: Partial<FleetSettings> = { role: 'publish' };
  const folder = pathFlag(values.folder);
  const key = pathFlag(values.key);
  if (folder) Object.assign(overrides, { folder });
  if (key) Object.assign(overrides, { privateKeyFile: key });
  const ctx = await openContext(values.db, io, { fleetOverrides: overrides });
  try {
    const settings = ctx.core.settings();
    // The flags make this one command a publisher; a workstation set up to follow never publishes.
    if (settings.fleet.role === 'follow' && settings.fleet.folder)
      throw new Error(followerPublishSentence(settings.fleet.folder));
    const effective = { ...settings.fleet, ...overrides };
    if (!effective.folder)
      throw new UsageError(
        'publish: give --folder DIR (or set the shared folder: pump-eta settings --folder DIR).',
      );
    if (!effective.privateKeyFile) {
      throw new UsageError(
        'publish: give --key FILE (or set it: pump-eta settings --private-key FILE); make one with pump-eta keys create --out FILE.',
      );
    }
    if (values.status) {
      // One look: is the model in service here the one the folder publishes?
      const status = await ctx.core.syncNow();
      const code = exitCodeFor(status);
      if (values.json)
        printJson(io, { folder: effective.folder, outcome: status.outcome, message: status.message, status });
      else if (code === 0) io.stdout(`${status.message}\n`);
      if (code !== 0) io.stderr(`pump-eta publish: ${status.message}\n`);
      return code;
    }
    const publication = await ctx.core.publish(positionals[0], { newKey: values['new-key'] });
    if (values.json) printJson(io, { folder: effective.folder, publication });
    else io.stdout(`Published to ${effective.folder}: ${describePublication(publication)}.\n`);
    return 0;
  } finally {
    await ctx.close();
  }
};

function exitCodeFor(status: FleetStatus): number {
  switch (status.outcome) {
    case 'unreachable':
      return EXIT_UNREACHABLE;
    case 'refused':
      return EXIT_REFUSED;
    case 'behind':
      return EXIT_BEHIND;
    case 'not-configured':
      return 2;
    case 'checking':
    case 'up-to-date':
    case 'updated':
    case 'published':
    case 'nothing-published':
      return 0;
  }
}

export const syncCommand: Command = async (argv, io) => {
  const { values } = parseCommandArgs('sync', argv, {
    folder: { type: 'string' },
    'public-key': { type: 'string' },
    db: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const overrides: Partial<FleetSettings> = { role: 'follow' };
  const folder = pathFlag(values.folder);
  const key = pathFlag(values['public-key']);
  if (folder) Object.assign(overrides, { folder });
  if (key) Object.assign(overrides, { publicKeyFile: key });
  // A workstation follows without any imported history: the database is created if need be.
  const ctx = await openContext(values.db, io, { create: true, fleetOverrides: overrides });
  try {
    const saved = ctx.core.settings().fleet;
    if (!(folder ?? saved.folder))
      throw new UsageError(
        'sync: give --folder DIR (or set the shared folder: pump-eta settings --folder DIR).',
      );
    if (!(key ?? saved.publicKeyFile)) {
      throw new UsageError(
        "sync: give --public-key FILE (the data officer's FILE.pub), or set it: pump-eta settings --public-key FILE.",
      );
    }
    const before = ctx.core.modelInService().id;
    const status = await ctx.core.syncNow();
    const model = ctx.core.modelInService().id;
    const code = exitCodeFor(status);
    if (values.json)
      printJson(io, {
        outcome: status.outcome,
        message: status.message,
        model,
        previousModel: before,
        status,
      });
    else if (code === 0) io.stdout(`${status.message}\n`);
    if (code !== 0) io.stderr(`pump-eta sync: ${status.message}\n`);
    return code;
  } finally {
    await ctx.close();
  }
};

const bool = (name: string, value: string): boolean => {
  if (value === 'true' || value === 'yes' || value === 'on') return true;
  if (value === 'false' || value === 'no' || value === 'off') return false;
  throw new UsageError(`--${name} must be true or false, got '${value}'.`);
};

function describeSettings(s: Settings, file: string): string {
  const f = s.fleet;
  const none = '(not set)';
  return [
    `settings file       ${file}`,
    `role                ${f.role}`,
    `shared folder       ${f.folder ?? none}`,
    `public key file     ${f.publicKeyFile ?? none}`,
    `private key file    ${f.privateKeyFile ?? none}`,
    `publisher name      ${f.publisherName}`,
    `publish on promote  ${f.publishOnPromote ? 'yes' : 'no'}`,
    `check every         ${f.checkMinutes} min`,
    `keep predictions    ${s.retentionDays} days`,
  ].join('\n');
}

export const settingsCommand: Command = async (argv, io: CliIO) => {
  const { values } = parseCommandArgs('settings', argv, {
    role: { type: 'string' },
    folder: { type: 'string' },
    'public-key': { type: 'string' },
    'private-key': { type: 'string' },
    'publisher-name': { type: 'string' },
    'publish-on-promote': { type: 'string' },
    'check-minutes': { type: 'string' },
    'retention-days': { type: 'string' },
    force: { type: 'boolean', default: false },
    db: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  // The app's settings.json: beside the history database, wherever --db or $PUMP_ETA_DB puts it.
  const dbPath = cliDbPath(values.db, io);
  const dataDir = dataDirFor(dbPath);
  const loaded = loadSettings(dataDir);
  if (loaded.warning) io.stderr(`pump-eta: warning: ${loaded.warning}\n`);
  const fleet: FleetSettings = { ...loaded.settings.fleet };
  const edits: Partial<FleetSettings> = {};
  if (values.role !== undefined) {
    if (!(FLEET_ROLES as readonly string[]).includes(values.role)) {
      throw new UsageError(`--role must be one of ${FLEET_ROLES.join(', ')}, got '${values.role}'.`);
    }
    Object.assign(edits, { role: values.role as FleetRole });
  }
  const folder = pathFlag(values.folder);
  if (folder !== undefined) Object.assign(edits, { folder });
  const publicKey = pathFlag(values['public-key']);
  if (publicKey !== undefined) Object.assign(edits, { publicKeyFile: publicKey });
  const privateKey = pathFlag(values['private-key']);
  if (privateKey !== undefined) Object.assign(edits, { privateKeyFile: privateKey });
  if (values['publisher-name'] !== undefined)
    Object.assign(edits, { publisherName: values['publisher-name'] });
  if (values['publish-on-promote'] !== undefined) {
    Object.assign(edits, { publishOnPromote: bool('publish-on-promote', values['publish-on-promote']) });
  }
  if (values['check-minutes'] !== undefined) {
    Object.assign(edits, {
      checkMinutes: intFlag(
        'check-minutes',
        values['check-minutes'],
        0,
        FLEET_CHECK_MINUTES.min,
        FLEET_CHECK_MINUTES.max,
      ),
    });
  }
  const retentionDays =
    values['retention-days'] === undefined
      ? loaded.settings.retentionDays
      : intFlag('retention-days', values['retention-days'], 0, RETENTION_DAYS.min, RETENTION_DAYS.max);
  const changed = Object.keys(edits).length > 0 || values['retention-days'] !== undefined;
  let settings: Settings = { fleet: { ...fleet, ...edits }, retentionDays };
  let keyWarning: string | null = null;
  if (changed) {
    try {
      settings = checkSettings(settings);
    } catch (error) {
      throw new UsageError(`Settings not saved: ${(error as Error).message}`, 1);
    }
    keyWarning = keyCheck(settings.fleet, edits);
    if (keyWarning && !values.force)
      throw new UsageError(
        `Settings not saved: ${keyWarning} To save it anyway (a rotation not yet published), add --force.`,
        EXIT_REFUSED,
      );
    settings = saveSettings(dataDir, settings);
    if (keyWarning) io.stderr(`pump-eta: WARNING: saved with --force: ${keyWarning}\n`);
  }
  // The publishing workstation: say whether the control room follows the model in service here.
  const fleetStatus =
    settings.fleet.role === 'publish' && settings.fleet.folder && fs.existsSync(dbPath)
      ? await publisherStatus(dbPath, io)
      : null;
  if (values.json) printJson(io, { file: loaded.file, saved: changed, settings, fleetStatus });
  else {
    io.stdout(describeSettings(settings, loaded.file) + '\n');
    if (fleetStatus) io.stdout(`${fleetStatus.message}\n`);
    if (changed)
      io.stdout('Saved. An open window uses them from its next look at the folder or publication.\n');
  }
  return 0;
};

/**
 * A public key or folder just set: the key must verify the folder's current publication, or the
 * workstation would refuse every one. Null when it does, when nothing is published, or the folder
 * cannot be read now (the next look says so).
 */
function keyCheck(fleet: FleetSettings, edits: Partial<FleetSettings>): string | null {
  if (!('publicKeyFile' in edits) && !('folder' in edits)) return null;
  if (!fleet.folder || !fleet.publicKeyFile) return null;
  return publicKeyMismatch(fleet.folder, fleet.publicKeyFile);
}

/** A publisher's look at the folder, as `publish --status` makes it; never fails the settings command. */
async function publisherStatus(db: string, io: CliIO): Promise<FleetStatus | null> {
  try {
    const ctx = await openContext(db, io);
    try {
      return await ctx.core.syncNow();
    } finally {
      await ctx.close();
    }
  } catch (error) {
    io.stderr(`pump-eta: warning: the shared folder was not checked: ${(error as Error).message}\n`);
    return null;
  }
}
