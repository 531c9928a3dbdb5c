// ESLint flat config. Syntax-only typescript-eslint rules (no type-checked configs) keep `npm run lint` fast;
// tsc does the type checking. local/layers enforces the layer rule of ARCHITECTURE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import local from './eslint-rules/layers.js';

// Node globals for plain-JS files (the `globals` package is not installed). TS files need none:
// typescript-eslint's recommended config turns no-undef off for them.
const nodeGlobals = Object.fromEntries(
  [
    'process', 'console', 'Buffer', 'global', 'globalThis', 'URL', 'URLSearchParams',
    'TextEncoder', 'TextDecoder', 'AbortController', 'AbortSignal', 'EventTarget', 'Event',
    'fetch', 'Request', 'Response', 'Headers', 'FormData', 'Blob', 'structuredClone', 'queueMicrotask',
    'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate',
    'performance', 'crypto', 'MessageChannel', 'BroadcastChannel', 'WebAssembly',
  ].map((name) => [name, 'readonly']),
);
const commonJsGlobals = { require: 'readonly', module: 'writable', exports: 'writable', __dirname: 'readonly', __filename: 'readonly' };

export default tseslint.config(
  {
    ignores: ['**/node_modules/', 'out/', 'dist/', 'coverage/', 'test-results/', '.data/', 'bench/results/'],
  },
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    plugins: { local },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...nodeGlobals, ...commonJsGlobals } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/**/*.{ts,tsx,js,mjs,cjs}'],
    rules: { 'local/layers': ['error', { root: import.meta.dirname }] },
  },
);
