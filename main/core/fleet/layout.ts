import path from 'node:path';

/**
 * The shared folder, as a publisher writes it and followers read it:
 *
 *   manifest.json                  the publication in force: one signed envelope (manifest + signature)
 *   models/<sha256>.onnx           each published model, named by the sha256 of its bytes
 *   publications/<seq>-<id>.json   every publication's envelope, for the list on the Models screen
 *
 * Every file is written under a dot-prefixed temp name in its own folder and renamed into place, so a
 * reader sees a whole file or none. The model goes first and manifest.json last: a manifest names
 * only a model that is already there, whole.
 */
export const MANIFEST_FILE = 'manifest.json';
export const MODELS_DIR = 'models';
export const PUBLICATIONS_DIR = 'publications';
/** Sequence numbers are zero-padded so that the journal's names sort in publication order. */
const SEQUENCE_DIGITS = 8;

export const manifestPath = (folder: string) => path.join(folder, MANIFEST_FILE);
export const modelsDir = (folder: string) => path.join(folder, MODELS_DIR);
export const publicationsDir = (folder: string) => path.join(folder, PUBLICATIONS_DIR);
export const publishedModelPath = (folder: string, sha256: string) =>
  path.join(modelsDir(folder), `${sha256}.onnx`);

export function journalName(sequence: number, modelId: string): string {
  return `${String(sequence).padStart(SEQUENCE_DIGITS, '0')}-${modelId}.json`;
}

const JOURNAL_NAME = /^(\d+)-([0-9a-f]+)\.json$/;

/** The sequence number a journal file's name carries, or null for a name that is not one. */
export function sequenceOfJournalName(name: string): number | null {
  const m = JOURNAL_NAME.exec(name);
  return m ? Number(m[1]) : null;
}
