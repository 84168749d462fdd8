import { z } from 'zod';

/**
 * The fleet's part of the contract: one data officer's workstation publishes the model in service to a
 * shared folder; every dispatcher workstation follows that folder. No server: a folder the control room
 * already shares, a manifest, the ONNX file named by its hash, and a detached Ed25519 signature.
 * Also the app's settings (the fleet's and the prediction log's retention), kept in the app's config.
 */

/** How often a follower looks at the folder besides watching it (network shares miss watch events). */
export const FLEET_CHECK_MINUTES = { min: 1, max: 60, default: 5 } as const;
/** How long the prediction log keeps where incidents were (data protection). */
export const RETENTION_DAYS = { min: 1, max: 3650, default: 90 } as const;

/** off: an island; publish: this workstation publishes its champion; follow: it serves what is published. */
export const FLEET_ROLES = ['off', 'publish', 'follow'] as const;
export type FleetRole = (typeof FLEET_ROLES)[number];

const path = (what: string) =>
  z.string().trim().min(1, `${what} is empty`).max(4096, `${what} is too long`).nullable();

export const FleetSettingsSchema = z.strictObject({
  role: z.enum(FLEET_ROLES),
  /** The shared folder (a mapped drive or UNC path on Windows). */
  folder: path('the shared folder'),
  /** Follower: the data officer's public key (PEM). */
  publicKeyFile: path('the public key file'),
  /** Publisher: the signing key (PEM, private). */
  privateKeyFile: path('the private key file'),
  /** Publisher: how publications name this workstation ("the data officer's workstation"). */
  publisherName: z.string().trim().min(1).max(120),
  /** Publisher: publish on every promotion and rollback, without asking. */
  publishOnPromote: z.boolean(),
  checkMinutes: z.number().int().min(FLEET_CHECK_MINUTES.min).max(FLEET_CHECK_MINUTES.max),
});
export type FleetSettings = z.infer<typeof FleetSettingsSchema>;

export const SettingsSchema = z.strictObject({
  fleet: FleetSettingsSchema,
  retentionDays: z.number().int().min(RETENTION_DAYS.min).max(RETENTION_DAYS.max),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** Each setting as the Settings dialog names it: messages say these, never the file's keys. */
const SETTING_WORDS: Readonly<Record<string, string>> = {
  fleet: 'the fleet settings',
  'fleet.role': "this workstation's part in the fleet (Settings › Fleet)",
  'fleet.folder': 'the shared folder (Settings › Fleet)',
  'fleet.publicKeyFile': "the data officer's public key file (Settings › Fleet)",
  'fleet.privateKeyFile': 'the private key file (Settings › Fleet)',
  'fleet.publisherName': 'the name publications give this workstation (Settings › Fleet)',
  'fleet.publishOnPromote': 'publish on every promotion (Settings › Fleet)',
  'fleet.checkMinutes': 'how often to look at the shared folder, in minutes (Settings › Fleet)',
  retentionDays: 'how many days the prediction log keeps answers (Settings)',
};

/** Why settings do not have the right shape, each setting said in words ("the shared folder: …"). */
export function describeSettingsIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const key = issue.path.join('.');
      const words = SETTING_WORDS[key] ?? (key ? `the setting ${key}` : 'the settings');
      return `${words}: ${issue.message}`;
    })
    .join('; ');
}

export const DEFAULT_SETTINGS: Settings = {
  fleet: {
    role: 'off',
    folder: null,
    publicKeyFile: null,
    privateKeyFile: null,
    publisherName: "the data officer's workstation",
    publishOnPromote: false,
    checkMinutes: FLEET_CHECK_MINUTES.default,
  },
  retentionDays: RETENTION_DAYS.default,
};

/** One publication in the shared folder, as its (verified) manifest says. */
export interface Publication {
  readonly modelId: string;
  /** sha256 of the ONNX bytes, hex (the file's name in the folder). */
  readonly sha256: string;
  readonly publishedAt: string;
  /** The publisher's name from its settings, and the signed-in user there. */
  readonly publishedBy: string;
  readonly user: string;
  readonly previousModelId: string | null;
  readonly trainedFrom: string | null;
  readonly trainedTo: string | null;
  readonly metrics: Readonly<Record<string, number>>;
  /** The fingerprint of the key that signed it (first 16 hex of sha256 of the raw public key). */
  readonly keyFingerprint: string;
  /** Publications in one folder are numbered 1, 2, 3…; a follower never goes to a lower number. */
  readonly sequence: number;
  /** Why it was published: a promotion, a rollback (an older model on purpose), or by hand. */
  readonly reason: PublicationReason;
}

export const PUBLICATION_REASONS = ['promote', 'rollback', 'manual'] as const;
export type PublicationReason = (typeof PUBLICATION_REASONS)[number];

/** Where the model in service came from. */
export type ModelOrigin =
  | { readonly kind: 'local' }
  | { readonly kind: 'published'; readonly publishedAt: string; readonly publishedBy: string };

/** What the last look at the folder found, in one sentence for the person at the keyboard. */
export type FleetOutcome =
  | 'not-configured'
  | 'checking'
  | 'up-to-date'
  | 'updated'
  | 'published'
  | 'unreachable'
  | 'refused'
  | 'nothing-published'
  /** A publisher whose model in service is not the folder's current publication: the fleet is behind it. */
  | 'behind';

export interface FleetStatus {
  readonly role: FleetRole;
  readonly folder: string | null;
  readonly lastCheckAt: string | null;
  readonly outcome: FleetOutcome;
  /** One sentence: "Model 3f2a… (published 3 Dec 18:20 by …) is in service." */
  readonly message: string;
  /** The model in service and where it came from. */
  readonly origin: ModelOrigin;
  /** This workstation's key fingerprint as configured (publisher: private key's; follower: public key's). */
  readonly keyFingerprint: string | null;
}

/** The shared folder's publications, newest first (the current one first), plus what was refused. */
export interface PublicationList {
  readonly folder: string | null;
  readonly current: Publication | null;
  readonly history: readonly Publication[];
  /** Files in the folder that failed verification, each in one sentence (the current manifest's first). */
  readonly problems: readonly string[];
  /**
   * Earlier publications signed by a key other than the one configured here (before a key rotation):
   * not faults, listed as what their unverified records claim, each with a note.
   */
  readonly otherKey: readonly OtherKeyPublication[];
  /**
   * Publisher only: set when the folder's current publication is signed by another key than this
   * workstation's, in one sentence that explains the key rotation publishing now would be.
   */
  readonly keyChange: string | null;
}

/** A publication in the folder's journal signed by another key: what it claims, unverified. */
export interface OtherKeyPublication {
  readonly sequence: number;
  readonly modelId: string;
  readonly publishedAt: string;
  readonly keyFingerprint: string;
  /** "signed by a previous key, superseded", or "signed by another key". */
  readonly note: string;
}

export const PublishRequestSchema = z.strictObject({
  /** The model to publish; the champion when absent. */
  id: z.string().trim().min(1).max(64).optional(),
  /**
   * The person confirmed a key rotation: publish although the folder's current publication is signed
   * by another key (workstations still given the old public key will refuse this one).
   */
  newKey: z.boolean().optional(),
});
export type PublishRequest = z.infer<typeof PublishRequestSchema>;

/** The settings as the window edits them (saveSettings' payload): the whole object, checked again in main. */
export const SaveSettingsRequestSchema = SettingsSchema;

/** Help → About's fleet part: the settings in force, where they are kept, and the last look at the folder. */
export interface FleetAbout {
  readonly settings: Settings;
  /** The settings file (settings.json beside the history database). */
  readonly settingsFile: string;
  /** Set when the settings file could not be used (defaults in force), in one sentence. */
  readonly settingsWarning: string | null;
  readonly status: FleetStatus;
}

/** Sent by main whenever the fleet status changes (a swap, a refusal, the share gone or back). */
export type FleetEvent = { readonly type: 'fleet-status'; readonly status: FleetStatus };
