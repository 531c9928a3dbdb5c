// local/layers: the layer rule of ../shared/ARCHITECTURE.md, enforced by lint rather than memory.
//
//   Imports point down: renderer -> shared; preload -> shared; main shell -> engine -> shared.
//   Nothing imports the renderer; the engine never imports electron; domain/ never imports adapters/.
//
// Modelled on VS Code's code-layering rule: every import specifier is turned into either a bare module name
// ("electron", "node:fs", "zod/mini") or a repo-relative path ("src/shared/contract"), and the importing file's
// folder decides which of those it may reach. Paths are compared as folders, so ".js", ".ts" or no extension
// on a relative specifier makes no difference.
import { builtinModules } from 'node:module';
import path from 'node:path';

const ALIASES = {
  '@shared': 'src/shared',
  '@main': 'src/main',
  '@renderer': 'src/renderer',
  '@preload': 'src/preload',
};

// Node built-ins that do I/O; domain/ is pure logic. node:crypto and friends stay allowed (hashing is pure).
const IO_MODULES = new Set([
  'fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'child_process',
  'dgram', 'dns', 'tls', 'cluster', 'worker_threads',
]);

const messages = {
  engineElectron: 'the engine never imports electron',
  engineShell: 'the engine never imports the Electron shell',
  domainAdapters: 'domain/ is pure: no adapters/, no http/',
  domainIo: 'domain/ is pure: no I/O modules',
  servicesAdapters: 'services/ use ports, not adapters/',
  rendererElectron: 'the renderer never imports electron',
  rendererNode: 'the renderer never imports Node built-ins',
  rendererPaths: 'the renderer imports only src/shared',
  preload: 'preload imports only electron and src/shared',
  shared: 'src/shared imports nothing but zod and src/shared',
  renderer: 'nothing imports the renderer',
};

const toPosix = (p) => p.split(path.sep).join('/');
const under = (p, folder) => p === folder || p.startsWith(`${folder}/`);
const isPackage = (name, pkg) => name === pkg || name.startsWith(`${pkg}/`);
const isBuiltin = (name) => name.startsWith('node:') || builtinModules.includes(name);

/**
 * What a specifier points at: { path } (repo-relative, forward slashes) for relative, absolute and aliased
 * specifiers, { bare } for package and built-in names.
 */
function target(spec, fileDir, root) {
  const alias = Object.keys(ALIASES).find((a) => isPackage(spec, a));
  if (alias) return { path: ALIASES[alias] + spec.slice(alias.length) };
  if (spec.startsWith('.') || path.isAbsolute(spec)) {
    return { path: toPosix(path.relative(root, path.resolve(fileDir, spec))) };
  }
  return { bare: spec };
}

/** The messageId for an import from `file` (repo-relative) of `t`, or null when the import is allowed. */
function violation(file, t) {
  const { path: p, bare } = t;

  if (p !== undefined && under(p, 'src/renderer') && !under(file, 'src/renderer')) return 'renderer';

  if (under(file, 'src/main/engine')) {
    if (bare && isPackage(bare, 'electron')) return 'engineElectron';
    if (p !== undefined && under(p, 'src/main') && !under(p, 'src/main/engine')) return 'engineShell';
  }
  if (under(file, 'src/main/engine/domain')) {
    if (p !== undefined && (under(p, 'src/main/engine/adapters') || under(p, 'src/main/engine/http'))) {
      return 'domainAdapters';
    }
    if (bare && IO_MODULES.has(bare.replace(/^node:/, ''))) return 'domainIo';
  }
  if (under(file, 'src/main/engine/services')) {
    if (p !== undefined && under(p, 'src/main/engine/adapters')) return 'servicesAdapters';
  }
  if (under(file, 'src/renderer')) {
    if (bare && isPackage(bare, 'electron')) return 'rendererElectron';
    if (bare && isBuiltin(bare)) return 'rendererNode';
    if (p !== undefined && !under(p, 'src/renderer') && !under(p, 'src/shared')) return 'rendererPaths';
  }
  if (under(file, 'src/preload')) {
    if (bare && !isPackage(bare, 'electron')) return 'preload';
    if (p !== undefined && !under(p, 'src/preload') && !under(p, 'src/shared')) return 'preload';
  }
  if (under(file, 'src/shared')) {
    if (bare && !isPackage(bare, 'zod')) return 'shared';
    if (p !== undefined && !under(p, 'src/shared')) return 'shared';
  }
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the layer rule of ARCHITECTURE.md: imports point down, nothing imports the renderer.' },
    // root: the project root that "src/..." is relative to. Defaults to context.cwd, which is wherever eslint was
    // started: run from a subfolder (or by an editor with another working directory), that is not the project
    // root and every file would silently fall outside the layers, so eslint.config.js passes its own folder.
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages,
  },
  create(context) {
    const root = context.options[0]?.root ?? context.cwd;
    // physicalFilename is the file on disk (filename may be a virtual "<file>/0.ts" block from a processor).
    const abs = path.resolve(context.cwd, context.physicalFilename);
    const file = toPosix(path.relative(root, abs));
    // A file outside the project (or on another drive) has no layer.
    if (file.startsWith('../') || path.isAbsolute(file)) return {};
    const fileDir = path.dirname(abs);

    function check(source) {
      if (!source) return;
      let spec;
      if (source.type === 'Literal' && typeof source.value === 'string') spec = source.value;
      else if (source.type === 'TemplateLiteral' && source.expressions.length === 0) spec = source.quasis[0].value.cooked;
      if (typeof spec !== 'string') return; // computed specifiers cannot be checked statically
      const messageId = violation(file, target(spec, fileDir, root));
      if (messageId) context.report({ node: source, messageId });
    }

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node.arguments[0]);
      },
      // TypeScript's `import x = require('...')`.
      TSExternalModuleReference: (node) => check(node.expression),
    };
  },
};

export const plugin = {
  meta: { name: 'local' },
  rules: { layers: rule },
};

export default plugin;
