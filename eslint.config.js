import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'

import { layersPlugin } from './bin/eslint-layers.mjs'

/**
 * The layering of DESIGN.md §3, enforced as an allow-list (bin/eslint-layers.mjs maps folders to
 * layers and lists what each may import); plus the two rules that are not about imports.
 */
const layering = [
  {
    files: ['src-main/**/*.ts', 'src-preload/**/*.ts', 'src-renderer/**/*.{ts,svelte}'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/imports': 'error', 'layers/ipc-main': 'error' }
  },
  {
    files: ['src-renderer/**/*.{ts,svelte}'],
    ignores: ['src-renderer/src/lib/kms.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'kms', message: 'Only src-renderer/src/lib/kms.ts reads window.kms.' }
      ]
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
