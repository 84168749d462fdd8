/**
 * The layering of the code, enforced at lint time (see docs/architecture.md).
 *
 * - main/core is plain Node: it never imports electron, the Electron shell (main/*.ts, main/shell), the CLI
 *   or the preload. It may import the IPC contract (contract/), which is data and schemas only.
 * - Inside main/core each folder has a rank; a folder imports only folders of a lower rank, so no two
 *   folders can import each other. The leaf folders (rank 1) import nothing of ours but util.
 * - contract/ imports only zod and itself: main, the preload and the renderer all load it.
 */
import path from 'node:path';

/** Lower ranks sit lower in the house. A folder missing here is a lint error: place it when you add it. */
export const CORE_RANKS = {
  util: 0,
  gbdt: 1,
  geo: 1,
  calendar: 1,
  workers: 1,
  settings: 1,
  db: 2,
  lfb: 2,
  features: 3,
  fleet: 3,
  places: 4,
  model: 5,
  onnx: 6,
  evaluation: 6,
  ingest: 6,
  training: 7,
  serving: 7,
  registry: 8,
  cover: 8,
  monitor: 8,
  app: 9,
};
const LEAF_RANK = 1;
/** Files directly in main/core (paths.ts): a leaf, importable from anywhere in core. */
const CORE_ROOT = '(core)';

function unitOf(absFile, root) {
  const rel = path.relative(root, absFile).split(path.sep).join('/');
  if (rel.startsWith('main/core/')) {
    const rest = rel.slice('main/core/'.length);
    const slash = rest.indexOf('/');
    return { area: 'core', folder: slash < 0 ? CORE_ROOT : rest.slice(0, slash) };
  }
  if (rel.startsWith('contract/')) return { area: 'contract' };
  if (rel.startsWith('preload/')) return { area: 'preload' };
  if (rel.startsWith('main/cli/')) return { area: 'cli' };
  if (rel.startsWith('main/')) return { area: 'shell' };
  if (rel.startsWith('renderer/')) return { area: 'renderer' };
  return { area: 'other' };
}

function rankOf(folder) {
  if (folder === CORE_ROOT) return 0;
  return Object.prototype.hasOwnProperty.call(CORE_RANKS, folder) ? CORE_RANKS[folder] : undefined;
}

/** The problem with `importer` importing `spec`, or null. */
function problemWith(importerFile, spec, root) {
  const from = unitOf(importerFile, root);
  const relative = spec.startsWith('.');
  const isElectron = spec === 'electron' || spec.startsWith('electron/');
  if (from.area === 'contract') {
    if (relative && unitOf(path.resolve(path.dirname(importerFile), spec), root).area === 'contract')
      return null;
    if (spec === 'zod' || spec.startsWith('zod/')) return null;
    return `the contract is loaded by main, the preload and the renderer: it imports only zod, not '${spec}'`;
  }
  if (from.area !== 'core') return null;
  if (isElectron) return 'main/core runs under plain Node: it never imports electron';
  if (!relative) return null;
  const to = unitOf(path.resolve(path.dirname(importerFile), spec), root);
  if (to.area === 'contract') return null;
  if (to.area !== 'core') {
    return `main/core never imports ${to.area} code ('${spec}'): the shell, the CLI and the preload sit above it`;
  }
  if (to.folder === from.folder) return null;
  const fromRank = rankOf(from.folder);
  const toRank = rankOf(to.folder);
  if (fromRank === undefined)
    return `main/core/${from.folder} has no place in the layering: add it to CORE_RANKS`;
  if (toRank === undefined)
    return `main/core/${to.folder} has no place in the layering: add it to CORE_RANKS`;
  if (fromRank === LEAF_RANK && to.folder !== 'util' && to.folder !== CORE_ROOT) {
    return `main/core/${from.folder} is a leaf folder: it imports only util, not ${to.folder}`;
  }
  if (toRank >= fromRank) {
    return `main/core/${from.folder} (rank ${fromRank}) may not import main/core/${to.folder} (rank ${toRank}): imports point down only`;
  }
  return null;
}

export const layeringRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps main/core and the contract in their layers (docs/architecture.md).' },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const message = problemWith(file, source.value, root);
      if (message) context.report({ node, message });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : null),
    };
  },
};

export default { rules: { layering: layeringRule } };
