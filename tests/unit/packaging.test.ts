/**
 * What the installers ship, checked from the files that decide it: electron-builder.yml's `files:` and
 * package.json. electron-builder copies `dependencies` (never `devDependencies`) into the app, so every
 * package the shipped code (main/, contract/) imports at run time must be a dependency, and the
 * development tools (tools/: the synthetic data generator, and exceljs, which only it and the tests use)
 * must stay out.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../fixtures/lfb-files.js';

/** The folders compiled into the shipped dist/ (tsconfig.build.json's include). */
const SHIPPED_DIRS = ['main', 'contract'] as const;
/** Development-only files that must never reach an installer. */
const DEV_ONLY_FILES = ['tools/synthetic/index.ts', 'tools/synthetic/index.js', 'tools/synthetic/cli.js'];
/** Provided by the Electron runtime itself; electron-builder requires it to be a devDependency. */
const RUNTIME_PROVIDED = new Set(['electron']);

interface PackageJson {
  readonly dependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
}

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as PackageJson;

/** The entries of the top-level `files:` list in electron-builder.yml (quotes removed). */
function builderFiles(yml: string): string[] {
  const lines = yml.split('\n');
  const start = lines.findIndex((l) => /^files:\s*$/.test(l));
  if (start < 0) throw new Error('electron-builder.yml has no top-level files: list');
  const entries: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break; // the next top-level key
    const item = /^\s+-\s+(.+?)\s*$/.exec(line);
    if (item) entries.push(item[1]!.replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1'));
  }
  return entries;
}

/** electron-builder's glob (minimatch-style `**`, `*`) as a regular expression over repository paths. */
function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (glob.startsWith('**/', i)) {
      re += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      re += '.*';
      i += 1;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Whether electron-builder's `files:` list would copy a repository path into the app. */
function shipped(files: readonly string[], file: string): boolean {
  let included = false;
  for (const entry of files) {
    if (entry.startsWith('!')) {
      if (globToRegExp(entry.slice(1)).test(file)) included = false;
    } else if (globToRegExp(entry).test(file)) included = true;
  }
  return included;
}

/** The module specifiers a file loads at run time (type-only imports are erased by the compiler). */
function runtimeImports(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const onlyTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            bindings !== undefined &&
            ts.isNamedImports(bindings) &&
            bindings.elements.length > 0 &&
            bindings.elements.every((e) => e.isTypeOnly)));
      if (!onlyTypes) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      if (!node.isTypeOnly) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/**
 * The problems with one shipped file's imports: a package that is not a dependency, or a relative import
 * that leaves the shipped folders (e.g. into tools/) or names no file.
 */
function importProblems(file: string, text: string, dependencies: Record<string, string>): string[] {
  const problems: string[] = [];
  const rel = path.relative(REPO_ROOT, file);
  for (const specifier of runtimeImports(file, text)) {
    if (specifier.startsWith('.')) {
      const target = path.resolve(path.dirname(file), specifier);
      const top = path.relative(REPO_ROOT, target).split(path.sep)[0]!;
      if (!(SHIPPED_DIRS as readonly string[]).includes(top)) {
        problems.push(`${rel} imports ${specifier}, outside the shipped ${SHIPPED_DIRS.join('/, ')}/`);
      } else if (!fs.existsSync(target) && !fs.existsSync(target.replace(/\.js$/, '.ts'))) {
        problems.push(`${rel} imports ${specifier}, which does not exist`);
      }
      continue;
    }
    const name = specifier.startsWith('node:') ? specifier : packageName(specifier);
    if (name.startsWith('node:') || builtinModules.includes(name) || RUNTIME_PROVIDED.has(name)) continue;
    if (!(name in dependencies)) problems.push(`${rel} imports ${name}, which is not in dependencies`);
  }
  return problems;
}

function shippedSources(): string[] {
  return SHIPPED_DIRS.flatMap((dir) =>
    fs
      .readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
      .map((e) => path.join(e.parentPath, e.name)),
  );
}

describe('what the installers ship', () => {
  const files = builderFiles(fs.readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8'));

  it('electron-builder copies the compiled app and its dependencies, never tools/', () => {
    expect(files).toContain('dist/main/**');
    expect(shipped(files, 'dist/main/cli.js')).toBe(true);
    expect(shipped(files, 'node_modules/zod/package.json')).toBe(true);
    for (const file of DEV_ONLY_FILES) {
      expect(shipped(files, file), file).toBe(false);
      expect(shipped(files, `dist/${file}`), `dist/${file}`).toBe(false);
    }
    expect(files.filter((f) => f.includes('tools'))).toEqual([]);
  });

  it('only main/ and contract/ are compiled into dist/', () => {
    const build = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'tsconfig.build.json'), 'utf8')) as {
      include: string[];
    };
    expect(build.include.map((g) => g.split('/')[0]).sort()).toEqual([...SHIPPED_DIRS].sort());
  });

  it('exceljs is a development dependency only', () => {
    expect(pkg.dependencies).not.toHaveProperty('exceljs');
    expect(pkg.devDependencies).toHaveProperty('exceljs');
  });

  it('every package the shipped code imports at run time is a dependency, and nothing reaches tools/', () => {
    const sources = shippedSources();
    expect(sources.length).toBeGreaterThan(50);
    const problems = sources.flatMap((file) =>
      importProblems(file, fs.readFileSync(file, 'utf8'), pkg.dependencies),
    );
    expect(problems).toEqual([]);
  });

  it('the import check catches a dev-only package, a reach into tools/ and a missing file', () => {
    const file = path.join(REPO_ROOT, 'main/cli/example.ts');
    const text = [
      "import ExcelJS from 'exceljs';",
      "import type { Sheet } from 'some-types-only-package';",
      "import { type A, type B } from 'another-types-only-package';",
      "export { x } from 'protobufjs/minimal.js';",
      "const m = await import('../../tools/synthetic/cli.js');",
      "import { gone } from './no-such-file.js';",
      "import fs from 'node:fs';",
    ].join('\n');
    expect(importProblems(file, text, pkg.dependencies)).toEqual([
      'main/cli/example.ts imports exceljs, which is not in dependencies',
      'main/cli/example.ts imports ../../tools/synthetic/cli.js, outside the shipped main/, contract/',
      'main/cli/example.ts imports ./no-such-file.js, which does not exist',
    ]);
  });
});
