import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The renderer build: `dist/renderer` with relative asset paths (the Electron app loads it from a file,
 * the agent from 127.0.0.1) and no inline script or style, so a strict `default-src 'self'` CSP holds.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Never inline assets as data: URLs into scripts; keep every asset a file served from 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
  },
  worker: { format: 'es' },
});
