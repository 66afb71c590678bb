import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  // Compiles the renderer's .svelte.ts stores (runes) so they are unit-tested in Node.
  plugins: [svelte({ configFile: resolve('svelte.config.js') })],
  // The path aliases of tsconfig.base.json (kept in step with electron.vite.config.ts).
  resolve: {
    alias: {
      '@contract': resolve('src-preload/contract'),
      '@lib': resolve('src-renderer/src/lib'),
      '@ui': resolve('src-renderer/src/ui')
    }
  },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/contract/**/*.test.ts', 'test/security/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/unit/main/cli/build-bundle.global.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on 2 cores. Many files wait on
    // CLI subprocesses, sockets and files, so one worker per core keeps both cores busy.
    maxWorkers: Math.max(2, availableParallelism())
  }
})
