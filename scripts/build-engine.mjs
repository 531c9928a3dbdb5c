// Compiles the headless engine (the `decisionos` CLI and the writer thread) to dist/engine, so that nothing is
// transpiled when it runs. Dependencies stay in node_modules (not bundled); sources are bundled per entry.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ENGINE_OUT = path.join(root, 'dist/engine');

export async function buildEngine() {
  await build({
    absWorkingDir: root,
    entryPoints: {
      cli: 'src/main/engine/cli/main.ts',
      'writer-thread': 'src/main/engine/runtime/writer-thread.ts',
    },
    outdir: ENGINE_OUT,
    bundle: true,
    // Commands are imported when run (cli/main.ts): each gets its own chunk, so --help loads almost nothing.
    splitting: true,
    // Chunks sit beside the entries: the writer thread's entry is found relative to the chunk that starts it.
    chunkNames: '[name]-[hash]',
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildEngine();
}
