import { describeSettingsIssues, SettingsSchema, type Settings } from '../../../contract/fleet.js';
import { KeyFileError, readPrivateKey, readPublicKey } from './keys.js';
import { checkFolder, PublishError } from './publish.js';

/** Settings that cannot be saved; the message starts with the field and says what to do. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

/** A file or folder the settings name: its message already says which one ("The public key file …"). */
function field(check: () => unknown): void {
  try {
    check();
  } catch (error) {
    if (error instanceof KeyFileError || error instanceof PublishError) {
      throw new SettingsError(`${error.message} (Settings › Fleet).`);
    }
    throw error;
  }
}

/**
 * Checks settings before they are saved: the shape (SettingsSchema), then that the folder exists and is
 * a folder and the key files are Ed25519 PEM keys of the right kind, and that the role has what it
 * needs. Returns the parsed (trimmed) settings.
 */
export function checkSettings(input: unknown): Settings {
  const parsed = SettingsSchema.safeParse(input);
  if (!parsed.success)
    throw new SettingsError(`Settings not saved — ${describeSettingsIssues(parsed.error)}`);
  const s = parsed.data;
  const { role, folder, publicKeyFile, privateKeyFile } = s.fleet;
  if (role === 'follow' && (!folder || !publicKeyFile)) {
    throw new SettingsError(
      `To follow the data officer's publications, set both the shared folder and the data officer's public ` +
        `key file (FILE.pub from 'pump-eta keys create'): the ${folder ? 'public key file' : 'shared folder'} is not set (Settings › Fleet).`,
    );
  }
  if (role === 'publish' && (!folder || !privateKeyFile)) {
    throw new SettingsError(
      `To publish, set both the shared folder and this workstation's private key file (make one with ` +
        `'pump-eta keys create --out FILE'): the ${folder ? 'private key file' : 'shared folder'} is not set (Settings › Fleet).`,
    );
  }
  if (folder) field(() => checkFolder(folder));
  if (publicKeyFile) field(() => readPublicKey(publicKeyFile));
  if (privateKeyFile) field(() => readPrivateKey(privateKeyFile));
  return s;
}
