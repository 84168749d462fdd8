import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/**
 * The renderer is loaded from file:// by Electron and over http by the end-to-end bridge, so asset URLs
 * are relative (`base: './'`). Nothing is inlined as a script: the CSP allows only 'self' scripts.
 */
export default defineConfig({
  root: here('./renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    // Electron 39 ships Chromium 142; Debian's Chromium runs the tests.
    target: 'chrome120',
    sourcemap: true,
    // Keep every asset a file: data: is allowed for images only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
});
