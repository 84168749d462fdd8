/**
 * One spelling for names that LFB files write inconsistently (`BARNET` vs `Barnet`, trailing spaces in
 * property types, doubled spaces): every lookup by name or category goes through this.
 */
export function normaliseKey(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ').toUpperCase();
}
