import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const RENDERER_TESTS = 'tests/unit/renderer/**/*.test.{ts,tsx}';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/integration/**/*.test.ts'],
          exclude: [RENDERER_TESTS, '**/node_modules/**'],
        },
      },
      {
        // The renderer's components and hooks run in a DOM, as in the window.
        extends: true,
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: [RENDERER_TESTS],
          setupFiles: ['tests/unit/renderer/setup.ts'],
        },
      },
    ],
  },
});
