/** The settings dialog's form as plain data: what is typed, what it becomes, which fields a role uses. */
import {
  FLEET_CHECK_MINUTES,
  RETENTION_DAYS,
  type FleetRole,
  type Settings,
} from '../../../../contract/index.js';

/** What the person typed: text throughout, so a half-typed number is never silently changed. */
export interface SettingsDraft {
  readonly role: FleetRole;
  readonly folder: string;
  readonly publicKeyFile: string;
  readonly privateKeyFile: string;
  readonly publisherName: string;
  readonly publishOnPromote: boolean;
  readonly checkMinutes: string;
  readonly retentionDays: string;
}

export type FleetField =
  'folder' | 'publicKeyFile' | 'privateKeyFile' | 'publisherName' | 'publishOnPromote' | 'checkMinutes';

export function draftOf(settings: Settings): SettingsDraft {
  const { fleet } = settings;
  return {
    role: fleet.role,
    folder: fleet.folder ?? '',
    publicKeyFile: fleet.publicKeyFile ?? '',
    privateKeyFile: fleet.privateKeyFile ?? '',
    publisherName: fleet.publisherName,
    publishOnPromote: fleet.publishOnPromote,
    checkMinutes: String(fleet.checkMinutes),
    retentionDays: String(settings.retentionDays),
  };
}

const NOT_IN_FLEET = 'Not used: this workstation is not in a fleet (choose a role above).';
const FOR_FOLLOWER = 'Only a following workstation uses this.';
const FOR_PUBLISHER = 'Only the publishing workstation uses this.';

/** Why a field does nothing for this role (the dialog disables it and says so), or null when it is used. */
export function unusedReason(role: FleetRole, field: FleetField): string | null {
  switch (role) {
    case 'off':
      return NOT_IN_FLEET;
    case 'publish':
      return field === 'publicKeyFile' || field === 'checkMinutes' ? FOR_FOLLOWER : null;
    case 'follow':
      return field === 'privateKeyFile' || field === 'publisherName' || field === 'publishOnPromote'
        ? FOR_PUBLISHER
        : null;
    default: {
      const unexpected: never = role;
      return String(unexpected);
    }
  }
}

const path = (text: string): string | null => (text.trim() === '' ? null : text.trim());

function wholeNumber(text: string, range: { min: number; max: number }, what: string): number | string {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(value) || value < range.min || value > range.max)
    return `${what} must be a whole number from ${range.min} to ${range.max}.`;
  return value;
}

/**
 * The settings to save, or the sentence saying what to correct. Only what the browser can judge is checked
 * here (numbers); main checks the rest (the folder exists, the key files are keys) and says why.
 */
export function settingsOf(draft: SettingsDraft): { settings: Settings } | { error: string } {
  const checkMinutes = wholeNumber(draft.checkMinutes, FLEET_CHECK_MINUTES, 'The check interval (minutes)');
  if (typeof checkMinutes === 'string') return { error: checkMinutes };
  const retentionDays = wholeNumber(draft.retentionDays, RETENTION_DAYS, 'The retention (days)');
  if (typeof retentionDays === 'string') return { error: retentionDays };
  const publisherName = draft.publisherName.trim();
  if (!publisherName)
    return { error: 'The publisher name is empty: say how publications name this workstation.' };
  return {
    settings: {
      fleet: {
        role: draft.role,
        folder: path(draft.folder),
        publicKeyFile: path(draft.publicKeyFile),
        privateKeyFile: path(draft.privateKeyFile),
        publisherName,
        publishOnPromote: draft.publishOnPromote,
        checkMinutes,
      },
      retentionDays,
    },
  };
}
