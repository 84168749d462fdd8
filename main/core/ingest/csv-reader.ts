import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Row } from '../lfb/cells.js';
import { hashFile } from './hash.js';
import { BATCH_ROWS, READ_CHUNK_BYTES } from './limits.js';
import { CsvTokenizer } from './csv.js';
import type { RowBatch, SheetSource, TableSource } from './source.js';

/** A CSV file as a one-sheet table; the file is hashed as it is read. */
export function openCsv(path: string, size: number): TableSource {
  let bytesRead = 0;
  let hashed: string | null = null;

  async function* batches(): AsyncGenerator<RowBatch, void, undefined> {
    const hash = createHash('sha256');
    const decoder = new StringDecoder('utf8');
    let rows: Row[] = [];
    let rowNumbers: number[] = [];
    const tokenizer = new CsvTokenizer((cells, n) => {
      rows.push(cells);
      rowNumbers.push(n);
    });
    const take = (): RowBatch => {
      const batch = { rows, rowNumbers };
      rows = [];
      rowNumbers = [];
      return batch;
    };
    const stream = fs.createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytesRead += chunk.length;
      tokenizer.push(decoder.write(chunk));
      if (rows.length >= BATCH_ROWS) yield take();
    }
    tokenizer.push(decoder.end());
    tokenizer.end();
    hashed = hash.digest('hex');
    if (rows.length > 0) yield take();
  }

  const sheet: SheetSource = { name: 'CSV', batches };
  return {
    format: 'csv',
    date1904: false,
    bytesTotal: size,
    bytesRead: () => bytesRead,
    async *sheets() {
      yield sheet;
    },
    // Read to the end in a normal import; a partial read (refused file) hashes the file afresh.
    sha256: async () => hashed ?? hashFile(path),
  };
}
