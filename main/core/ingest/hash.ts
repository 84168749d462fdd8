import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { READ_CHUNK_BYTES } from './limits.js';

export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(path, { highWaterMark: READ_CHUNK_BYTES })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}
