/**
 * Interned strings: each distinct value stored once and named by a small integer id. Million-row
 * tables (SQLite hands back a fresh string per cell) keep ids in typed arrays and the strings here,
 * which takes a fraction of the memory of holding every cell's string.
 */

/** The id of an absent (null or undefined) value. */
export const NO_STRING = -1;

export class StringPool {
  private readonly strings: string[] = [];
  private readonly ids = new Map<string, number>();

  /** Distinct strings held. */
  get size(): number {
    return this.strings.length;
  }

  /** The value's id (0, 1, 2… in order of first sight); NO_STRING for an absent value. */
  id(value: string | null | undefined): number {
    if (value === null || value === undefined) return NO_STRING;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  /** The string an id names; null for NO_STRING. */
  text(id: number): string | null {
    if (id === NO_STRING) return null;
    const s = this.strings[id];
    if (s === undefined) throw new RangeError(`string id ${id} is not in the pool (size ${this.size})`);
    return s;
  }
}
