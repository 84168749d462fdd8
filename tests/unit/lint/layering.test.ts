import path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import layering, { CORE_RANKS } from '../../../tools/lint/layering.js';

const root = path.resolve(import.meta.dirname, '../../..');
const linter = new Linter({ configType: 'flat', cwd: root });
const config = [
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser as Linter.Parser },
    plugins: { 'pump-eta': layering },
    rules: { 'pump-eta/layering': 'error' as const },
  },
];

/** The layering messages for one line of code placed in `file` (relative to the repository). */
function problems(file: string, code: string): string[] {
  return linter.verify(code, config, { filename: path.join(root, file) }).map((m) => m.message);
}

describe('the layering lint rule', () => {
  it('lets a folder import a lower one, its own files, packages and the contract', () => {
    expect(problems('main/core/serving/service.ts', "import { x } from '../places/directory.js';")).toEqual(
      [],
    );
    expect(problems('main/core/serving/service.ts', "import { y } from './session.js';")).toEqual([]);
    expect(problems('main/core/serving/service.ts', "import ort from 'onnxruntime-node';")).toEqual([]);
    expect(problems('main/core/app/core.ts', "import { z } from '../../../contract/index.js';")).toEqual([]);
    expect(problems('main/core/gbdt/tree.ts', "import { r } from '../util/prng.js';")).toEqual([]);
    expect(problems('main/core/geo/bng.ts', "import { p } from '../paths.js';")).toEqual([]);
  });

  it('refuses an import that points up or sideways', () => {
    const [up] = problems('main/core/model/format.ts', "import type { T } from '../training/pipeline.js';");
    expect(up).toMatch(/main\/core\/model \(rank \d+\) may not import main\/core\/training/);
    const [sideways] = problems('main/core/serving/a.ts', "import { t } from '../training/b.js';");
    expect(sideways).toMatch(/imports point down only/);
    const [dynamic] = problems('main/core/db/a.ts', "const m = await import('../registry/b.js');");
    expect(dynamic).toMatch(/may not import main\/core\/registry/);
    const [reexport] = problems('main/core/features/a.ts', "export { s } from '../serving/b.js';");
    expect(reexport).toMatch(/may not import main\/core\/serving/);
  });

  it('keeps leaf folders on util alone', () => {
    const [leaf] = problems('main/core/gbdt/a.ts', "import { f } from '../geo/bng.js';");
    expect(leaf).toBe('main/core/gbdt is a leaf folder: it imports only util, not geo');
  });

  it('keeps electron, the shell, the CLI and the preload out of the core', () => {
    expect(problems('main/core/app/core.ts', "import { app } from 'electron';")).toEqual([
      'main/core runs under plain Node: it never imports electron',
    ]);
    expect(problems('main/core/app/core.ts', "import { h } from '../../shell/handlers.js';")[0]).toMatch(
      /never imports shell code/,
    );
    expect(problems('main/core/app/core.ts', "import { c } from '../../cli/common.js';")[0]).toMatch(
      /never imports cli code/,
    );
    expect(problems('main/core/app/core.ts', "import { p } from '../../../preload/api.js';")[0]).toMatch(
      /never imports preload code/,
    );
  });

  it('keeps the contract on zod alone', () => {
    expect(problems('contract/index.ts', "import { z } from 'zod';")).toEqual([]);
    expect(problems('contract/index.ts', "import type { C } from './channels.js';")).toEqual([]);
    expect(problems('contract/index.ts', "import { d } from '../main/core/db/index.js';")[0]).toMatch(
      /imports only zod/,
    );
    expect(problems('contract/index.ts', "import { ipcRenderer } from 'electron';")[0]).toMatch(
      /imports only zod/,
    );
  });

  it('names a core folder that has no place in the layering', () => {
    expect(CORE_RANKS).not.toHaveProperty('newfolder');
    expect(problems('main/core/newfolder/a.ts', "import { u } from '../util/keys.js';")[0]).toBe(
      'main/core/newfolder has no place in the layering: add it to CORE_RANKS',
    );
  });
});
