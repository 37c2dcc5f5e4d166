// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tmp/**', 'tests/e2e/.results/**', 'tests/e2e/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only main/ and preload/ may import electron.' }] }],
    },
  },
  {
    // Ground layer: pure data and transforms, no I/O and no higher layers.
    files: ['src/model/**/*.ts', 'src/variables/**/*.ts', 'src/formats/**/*.ts', 'src/api/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/engine/**', '**/engine', '**/cli/**', '**/cli', '**/services/**'], message: 'Ground modules never import higher layers.' },
        ],
        paths: [
          { name: 'node:fs', message: 'Ground modules do no I/O.' },
          { name: 'node:fs/promises', message: 'Ground modules do no I/O.' },
          { name: 'node:net', message: 'Ground modules do no I/O.' },
          { name: 'node:http', message: 'Ground modules do no I/O.' },
          { name: 'electron', message: 'Only main/ and preload/ may import electron.' },
        ],
      }],
    },
  },
  {
    files: ['src/engine/**/*.ts', 'src/auth/**/*.ts', 'src/scripts/**/*.ts', 'src/runner/**/*.ts', 'src/store/**/*.ts', 'src/vault/**/*.ts', 'src/policy/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/cli/**', '**/cli', '**/services/**'], message: 'Pieces never import faces or services.' }],
        paths: [{ name: 'electron', message: 'Only main/ and preload/ may import electron.' }],
      }],
    },
  },
  {
    // Renderer: browser code; from src/ only the contract and the model (types and pure helpers).
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(\\.\\./)+src/(?!api/|model/)', message: 'The renderer imports from src/ only src/api and src/model.' }],
        paths: [{ name: 'electron', message: 'Only main/ and preload/ may import electron.' }],
      }],
    },
  },
  {
    // The two processes that are Electron: only they may import it (at run time only their index.ts does).
    files: ['main/**/*.ts', 'preload/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
