import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The renderer build, shared by the desktop build (electron.config.ts) and browser mode (`npm run build:ui`).
export default defineConfig({
  root: resolve(import.meta.dirname, 'src/renderer'),
  base: '/',
  build: {
    outDir: resolve(import.meta.dirname, 'out/renderer'),
    emptyOutDir: true,
    rollupOptions: {
      input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') },
      // react-query marks files "use client" for React Server Components; meaningless in this bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
