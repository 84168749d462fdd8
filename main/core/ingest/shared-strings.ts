import { FileFormatError } from './errors.js';
import { MAX_CELL_CHARS, MAX_ROW_CHARS } from './limits.js';
import { collectText } from './xml.js';

const INITIAL_BYTES = 1 << 20;
const INITIAL_ENTRIES = 1 << 14;
/** Direct-mapped cache of decoded strings: repeated values (station names, codes) decode once. */
const CACHE_SLOTS = 1 << 14;

/**
 * An .xlsx shared-string table kept as UTF-8 bytes in one growing buffer plus offsets. A million-row
 * Mobilisation sheet can hold millions of distinct strings (dates written as text); as JS strings
 * they would take several times the memory.
 */
export class SharedStrings {
  private bytes = Buffer.allocUnsafe(INITIAL_BYTES);
  private used = 0;
  private offsets = new Float64Array(INITIAL_ENTRIES + 1);
  private count = 0;
  private readonly cacheKeys = new Int32Array(CACHE_SLOTS).fill(-1);
  private readonly cacheValues: string[] = new Array<string>(CACHE_SLOTS).fill('');

  get size(): number {
    return this.count;
  }

  add(text: string): void {
    const need = this.used + Buffer.byteLength(text);
    if (need > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.bytes.length * 2));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    if (this.count + 1 >= this.offsets.length) {
      const grown = new Float64Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    this.used += this.bytes.write(text, this.used);
    this.count++;
    this.offsets[this.count] = this.used;
  }

  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    const slot = index & (CACHE_SLOTS - 1);
    if (this.cacheKeys[slot] === index) return this.cacheValues[slot];
    const value = this.bytes.toString('utf8', this.offsets[index], this.offsets[index + 1]);
    this.cacheKeys[slot] = index;
    this.cacheValues[slot] = value;
    return value;
  }
}

/** Streams `xl/sharedStrings.xml` into a SharedStrings table. */
export class SharedStringsParser {
  private pending = '';

  constructor(readonly table: SharedStrings) {}

  push(text: string): void {
    const buf = this.pending + text;
    const n = buf.length;
    let pos = 0;
    while (true) {
      const start = buf.indexOf('<si', pos);
      if (start < 0) {
        // Keep a tail that may hold the start of a split `<si`.
        pos = Math.max(pos, n - 3);
        break;
      }
      const gt = buf.indexOf('>', start);
      if (gt < 0) {
        pos = start;
        break;
      }
      if (buf.charCodeAt(gt - 1) === 47) {
        this.table.add('');
        pos = gt + 1;
        continue;
      }
      const end = buf.indexOf('</si>', gt);
      if (end < 0) {
        pos = start;
        break;
      }
      const text = collectText(buf.slice(gt + 1, end));
      if (text.length > MAX_CELL_CHARS) {
        throw new FileFormatError(`a shared string of ${text.length} characters (limit ${MAX_CELL_CHARS})`);
      }
      this.table.add(text);
      pos = end + 5;
    }
    this.pending = buf.slice(pos);
    if (this.pending.length > MAX_ROW_CHARS) {
      throw new FileFormatError(`a shared string longer than ${MAX_ROW_CHARS} characters`);
    }
  }
}
