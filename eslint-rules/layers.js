// local/layers: the layer rule of ARCHITECTURE.md, enforced by lint rather than memory.
//
// An allowlist per layer, as VS Code's code-layering rule does it: every file under src/ belongs to exactly one
// layer, and each layer names the layers and the bare packages it MAY import. Anything else is an error, so an
// edge nobody thought of (domain -> better-sqlite3, ports -> adapters, services -> the HTTP server) fails too.
//
// Every import specifier becomes either a repo-relative path ("src/shared/contract"), placed in the layer whose
// folder or file holds it, or a bare package ("electron", "zod/mini" -> "zod", "fs" and "node:fs" -> "node:fs").
// Node built-ins are packages like any other: a layer lists the ones it may use ("node:crypto"), or "node:*".
import { builtinModules } from 'node:module';
import path from 'node:path';

const ENGINE = 'src/main/engine';

/**
 * The layers, each with the folders (or files, without extension) it is made of. A file belongs to the layer
 * with the longest matching entry; `null` marks places that belong to no layer (a new folder must be added here).
 */
const LAYER_FILES = {
  shared: ['src/shared'],
  'engine/domain': [`${ENGINE}/domain`],
  'engine/ports': [`${ENGINE}/ports`],
  'engine/adapters': [`${ENGINE}/adapters`],
  'engine/services': [`${ENGINE}/services`],
  'engine/http': [`${ENGINE}/http`],
  'engine/runtime': [`${ENGINE}/runtime`],
  'engine/cli': [`${ENGINE}/cli`],
  'engine/settings': [`${ENGINE}/settings`],
  'engine/demo': [`${ENGINE}/demo`],
  // The composition root and its configuration: the engine's public entry.
  'engine/engine.ts': [`${ENGINE}/engine`, `${ENGINE}/install-root`, `${ENGINE}/version`, `${ENGINE}/runbook-document`],
  'engine/config.ts': [`${ENGINE}/config`, `${ENGINE}/config-error`],
  main: ['src/main'],
  preload: ['src/preload'],
  renderer: ['src/renderer'],
};
const NO_LAYER = ['src', ENGINE];

/** Every layer of the engine: what composition and transports may reach. */
const ALL_ENGINE = Object.keys(LAYER_FILES).filter((l) => l.startsWith('engine/'));

/**
 * What each layer may import: layers and bare packages. ARCHITECTURE.md's table, spelled out.
 * A layer not listed in its own `layers` may not import its own files either, so each lists itself.
 */
const ALLOW = {
  shared: { layers: ['shared'], packages: ['zod'] },
  // Pure logic: no I/O. node:crypto is here for hashing (a pure function of its input).
  'engine/domain': { layers: ['shared', 'engine/domain'], packages: ['@marcbachmann/cel-js', 're2js', 'node:crypto'] },
  'engine/ports': { layers: ['shared', 'engine/domain', 'engine/ports'], packages: [] },
  // Use cases over ports. zod for the contract's schemas, node:crypto for ids and hashes; no I/O library.
  'engine/services': {
    layers: ['shared', 'engine/domain', 'engine/ports', 'engine/services'],
    packages: ['zod', 'node:crypto'],
  },
  'engine/adapters': {
    layers: ['shared', 'engine/domain', 'engine/ports', 'engine/adapters'],
    packages: [
      'better-sqlite3', 'pg', 'ioredis', 'bullmq', 'pino', 'pino-pretty', 'prom-client', 'rate-limiter-flexible', 'node:*',
      '@opentelemetry/api', '@opentelemetry/sdk-trace-base', '@opentelemetry/resources', '@opentelemetry/exporter-trace-otlp-http',
    ],
  },
  // Composition and transports: anything in the engine, plus the libraries of their own job.
  'engine/http': { layers: ['shared', ...ALL_ENGINE], packages: ['fastify', '@fastify/static', 'pino', 'zod', 'node:*'] },
  'engine/runtime': { layers: ['shared', ...ALL_ENGINE], packages: ['pino', 'tsx', 'node:*'] },
  'engine/cli': { layers: ['shared', ...ALL_ENGINE], packages: ['commander', 'env-paths', 'zod', 'node:*'] },
  'engine/settings': { layers: ['shared', ...ALL_ENGINE], packages: ['zod', 'env-paths', 'node:*'] },
  'engine/engine.ts': { layers: ['shared', ...ALL_ENGINE], packages: ['fastify', 'pino', 'zod', 'env-paths', 'node:*'] },
  'engine/config.ts': { layers: ['shared', ...ALL_ENGINE], packages: ['zod', 'env-paths', 'node:*'] },
  // The demo's stand-in services and workload: they talk to the engine over HTTP, not by import.
  'engine/demo': { layers: ['shared', 'engine/demo'], packages: ['node:*'] },
  // The Electron shell: the engine only through its public entry (and its settings, shared with the CLI).
  main: {
    layers: ['shared', 'main', 'engine/engine.ts', 'engine/config.ts', 'engine/settings'],
    packages: ['electron', '@electron/fuses', 'node:*'],
  },
  preload: { layers: ['shared', 'preload'], packages: ['electron'] },
  renderer: {
    layers: ['shared', 'renderer'],
    packages: ['react', 'react-dom', 'zustand', '@tanstack/react-query', '@tanstack/react-virtual', 'uplot', 'eventsource-parser', 'lucide-react'],
  },
};

const ALIASES = {
  '@shared': 'src/shared',
  '@main': 'src/main',
  '@renderer': 'src/renderer',
  '@preload': 'src/preload',
};

const messages = {
  noLayer: '{{file}} is in no layer: add its folder to eslint-rules/layers.js (and ARCHITECTURE.md)',
  layer: '{{layer}} may not import {{target}} (it may import the layers {{layers}})',
  package: '{{layer}} may not import the package {{target}} (it may import {{packages}})',
};

const toPosix = (p) => p.split(path.sep).join('/');
const under = (p, entry) => p === entry || p.startsWith(`${entry}/`);
const withoutExtension = (p) => p.replace(/(\.d)?\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/, '');

const ENTRIES = [
  ...Object.entries(LAYER_FILES).flatMap(([layer, entries]) => entries.map((entry) => ({ entry, layer }))),
  ...NO_LAYER.map((entry) => ({ entry, layer: null })),
].sort((a, b) => b.entry.length - a.entry.length);

/** The layer of a repo-relative path, or null when it is in none (outside src/ or in an unlisted folder). */
function layerOf(p) {
  const bare = withoutExtension(p);
  return ENTRIES.find(({ entry }) => under(bare, entry))?.layer ?? null;
}

/** "zod/mini" -> "zod", "@scope/pkg/sub" -> "@scope/pkg", "fs/promises" and "node:fs" -> "node:fs". */
function packageOf(spec) {
  const name = spec.replace(/^node:/, '');
  if (spec.startsWith('node:') || builtinModules.includes(name)) return `node:${name.split('/')[0]}`;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const packageAllowed = (pkg, allowed) => allowed.includes(pkg) || (pkg.startsWith('node:') && allowed.includes('node:*'));

/**
 * What a specifier points at: { path } (repo-relative, forward slashes) for relative, absolute and aliased
 * specifiers, { package } for package and built-in names.
 */
function target(spec, fileDir, root) {
  const alias = Object.keys(ALIASES).find((a) => spec === a || spec.startsWith(`${a}/`));
  if (alias) return { path: ALIASES[alias] + spec.slice(alias.length) };
  if (spec.startsWith('.') || path.isAbsolute(spec)) {
    return { path: toPosix(path.relative(root, path.resolve(fileDir, spec))) };
  }
  return { package: packageOf(spec) };
}

/** The report for an import from `layer` of `t`, or null when the import is allowed. */
function violation(layer, t) {
  const allow = ALLOW[layer];
  if (t.package !== undefined) {
    if (packageAllowed(t.package, allow.packages)) return null;
    return { messageId: 'package', data: { layer, target: t.package, packages: allow.packages.join(', ') || 'no packages' } };
  }
  const targetLayer = layerOf(t.path);
  if (targetLayer !== null && allow.layers.includes(targetLayer)) return null;
  const what = targetLayer === null ? t.path : `${targetLayer} (${t.path})`;
  return { messageId: 'layer', data: { layer, target: what, layers: allow.layers.join(', ') } };
}

/** @type {import('eslint').Rule.RuleModule} */
export const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the layer rule of ARCHITECTURE.md: each layer imports only what its allowlist names.' },
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
    // A file outside the project (or on another drive), or outside src/, has no layer to check.
    if (file.startsWith('../') || path.isAbsolute(file) || !under(file, 'src')) return {};
    const layer = layerOf(file);
    if (layer === null) {
      return { Program: (node) => context.report({ node, messageId: 'noLayer', data: { file } }) };
    }
    const fileDir = path.dirname(abs);

    function check(source) {
      if (!source) return;
      let spec;
      if (source.type === 'Literal' && typeof source.value === 'string') spec = source.value;
      else if (source.type === 'TemplateLiteral' && source.expressions.length === 0) spec = source.quasis[0].value.cooked;
      if (typeof spec !== 'string') return; // computed specifiers cannot be checked statically
      const report = violation(layer, target(spec, fileDir, root));
      if (report) context.report({ node: source, ...report });
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
