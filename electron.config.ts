import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import renderer from './renderer.vite.config';

// One build for the three processes. The preload runs sandboxed, so it must be one self-contained
// CommonJS file: its imports (the contract, zod) are bundled rather than left as require()s.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          // The engine's writer thread is its own entry: a worker thread loads it by file.
          'writer-thread': resolve(import.meta.dirname, 'src/main/engine/runtime/writer-thread.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') }, output: { format: 'cjs' } },
    },
  },
  renderer,
});
