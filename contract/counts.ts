/**
 * Counts in words, shared by the core, the CLI and the screens: "1 weather hour", "3 weather hours",
 * "no weather hours" — never "0 weather" or "row(s)". Pure functions, no imports.
 */

/** A count with its noun; zero in words. */
export function countOf(n: number, one: string, many: string): string {
  if (n === 0) return `no ${many}`;
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** What one stored row of each kind of import is, singular and plural. */
const ROW_NOUNS: Readonly<Record<string, readonly [string, string]>> = {
  incidents: ['incident', 'incidents'],
  mobilisations: ['mobilisation', 'mobilisations'],
  stations: ['station', 'stations'],
  boundaries: ['boundary', 'boundaries'],
  weather: ['weather hour', 'weather hours'],
};

/** A count of an import's rows named as what they are ("12 weather hours"); unknown kinds say rows. */
export function rowsOf(n: number, kind: string): string {
  const [one, many] = ROW_NOUNS[kind] ?? ['row', 'rows'];
  return countOf(n, one, many);
}

/** What undoing an import will do, before it is done. */
export function undoPlanText(row: {
  readonly kind: string;
  readonly rowsImported: number;
  readonly rowsChanged: number;
}): string {
  const added = rowsOf(row.rowsImported, row.kind);
  const corrected = rowsOf(row.rowsChanged, row.kind);
  if (row.rowsImported > 0 && row.rowsChanged > 0) {
    return `Removes the ${added} it added and puts back the earlier versions of the ${corrected} it corrected, all at once.`;
  }
  if (row.rowsImported > 0) return `Removes the ${added} it added (it corrected none).`;
  if (row.rowsChanged > 0)
    return `Puts back the earlier versions of the ${corrected} it corrected (it added none).`;
  return 'It added and corrected nothing: undoing it only marks it undone.';
}

/** What an undo did. */
export function undoneText(result: {
  readonly kind: string;
  readonly removed: number;
  readonly restored: number;
}): string {
  const removed = result.removed > 0 ? `${rowsOf(result.removed, result.kind)} it added removed` : null;
  const restored =
    result.restored > 0
      ? `earlier versions of ${rowsOf(result.restored, result.kind)} it corrected restored`
      : null;
  if (removed && restored) return `${removed}; ${restored}.`;
  if (removed) return `${removed}; nothing to restore.`;
  if (restored) return `${restored}; nothing to remove.`;
  return 'nothing to remove or restore: the import is marked undone.';
}
