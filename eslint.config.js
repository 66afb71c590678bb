import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'

// Bare names go in `paths` (exact module names): as gitignore-style patterns they would also match
// the renderer's own folders, e.g. features/crypto.
const nodeModuleNames = ['electron', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'worker_threads', 'stream', 'url', 'util']
const sandboxedMessage = 'The renderer is sandboxed: no Electron or Node modules. Ask main through lib/kms.ts.'

/** The layering of DESIGN.md §3, enforced: each folder may import only what its runtime allows. */
export const layering = [
  {
    files: ['src-renderer/**/*.{ts,svelte}'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeModuleNames.map((name) => ({ name, message: sandboxedMessage })),
        patterns: [
          { group: ['electron/*', 'node:*', 'fs/*'], message: sandboxedMessage },
          { group: ['**/src-main/**', '**/src-main'], message: 'The renderer must not import main-process code.' },
          { group: ['**/src-preload/contract/**', '!**/src-preload/contract/key-matrix', '**/src-preload/api'], allowTypeImports: true, message: 'The renderer may import only types from the contract (values only from contract/key-matrix).' }
        ]
      }],
      'no-restricted-properties': ['error', { object: 'window', property: 'kms', message: 'Only src-renderer/src/lib/kms.ts reads window.kms.' }]
    }
  },
  { files: ['src-renderer/src/lib/kms.ts'], rules: { 'no-restricted-properties': 'off' } },
  {
    files: ['src-preload/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!zod$|\\.{1,2}/).*', message: 'The contract is pure TypeScript + zod.' }] }]
    }
  },
  {
    files: ['src-main/services/**/*.ts', 'src-main/sandbox/**/*.ts', 'src-main/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'services, sandbox and cli run in plain Node: no electron.' }] }] }
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/ipc/handle.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.object.name='ipcMain'][callee.property.name=/^(handle|handleOnce|on)$/]",
        message: 'Only src-main/ipc/handle.ts registers IPC handlers.'
      }]
    }
  }
]

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Sanitising file names, paths and server messages matches control characters on purpose.
      'no-control-regex': 'off'
    }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } }
  },
  ...layering
)
