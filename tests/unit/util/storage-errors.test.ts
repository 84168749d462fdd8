import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  explainStorageError,
  StorageError,
  storageProblemOf,
} from '../../../main/core/util/storage-errors.js';

const errno = (code: string, message = code) => Object.assign(new Error(message), { code });
const context = { what: 'the history database history.sqlite', file: '/data/pump/history.sqlite' };

describe('storage errors', () => {
  it.each([
    ['SQLITE_FULL', 'full'],
    ['ENOSPC', 'full'],
    ['EDQUOT', 'full'],
    ['EACCES', 'denied'],
    ['EPERM', 'denied'],
    ['SQLITE_READONLY_DIRECTORY', 'denied'],
    ['SQLITE_CANTOPEN', 'denied'],
    ['EROFS', 'read-only-disk'],
    ['SQLITE_IOERR_WRITE', 'io'],
    ['EIO', 'io'],
  ])('%s is a %s problem', (code, problem) => {
    expect(storageProblemOf(errno(code))).toBe(problem);
  });

  it('leaves anything else alone', () => {
    const other = errno('SQLITE_CONSTRAINT_UNIQUE');
    expect(storageProblemOf(other)).toBeNull();
    expect(explainStorageError(other, context)).toBe(other);
    expect(explainStorageError('text', context)).toBe('text');
  });

  it('tells a full disk as such, with the folder and what to do', () => {
    const e = explainStorageError(errno('SQLITE_FULL', 'database or disk is full'), context);
    expect(e).toBeInstanceOf(StorageError);
    expect((e as StorageError).message).toBe(
      `The disk is full: the history database history.sqlite could not be written in ${path.resolve('/data/pump')}. ` +
        'Nothing was saved. Free some space on that disk, or use a folder on another disk ' +
        '(--db PATH or PUMP_ETA_DB), and try again.',
    );
    expect((e as StorageError).cause).toBeInstanceOf(Error);
  });

  it('names the folder of a permission or read-only-disk failure from the file system', () => {
    // The folder does not exist here, so nothing refines the errno's own verdict.
    const denied = explainStorageError(errno('EACCES'), context) as StorageError;
    expect(denied.problem).toBe('denied');
    expect(denied.message).toMatch(/^Pump ETA is not allowed to write in the folder .*pump, so the history/);
    const readOnly = explainStorageError(errno('EROFS'), context) as StorageError;
    expect(readOnly.message).toMatch(/is on a read-only disk/);
  });

  it('does not blame permissions for an SQLite open failure in a writable folder', () => {
    const cantOpen = errno('SQLITE_CANTOPEN', 'unable to open database file');
    expect(explainStorageError(cantOpen, { what: 'x', file: path.join(process.cwd(), 'x.sqlite') })).toBe(
      cantOpen,
    );
  });
});
