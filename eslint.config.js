import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import layering from './tools/lint/layering.js';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '.tmp/**',
      'release/**',
      'node_modules/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // The layers of main/core and the contract (docs/architecture.md).
    files: ['main/core/**/*.ts', 'contract/**/*.ts'],
    plugins: { 'pump-eta': layering },
    rules: { 'pump-eta/layering': 'error' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', 'bin/**', 'scripts/**', 'tools/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // The renderer is untrusted and bundled for the browser: it may not reach Node, Electron or main/.
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'node:*', 'fs', 'path', 'child_process'],
              message: 'The renderer is sandboxed: use the preload API.',
            },
            {
              group: ['**/main/**', '../../main/*'],
              message: 'The renderer may not import main-process code.',
            },
          ],
        },
      ],
    },
  },
);
