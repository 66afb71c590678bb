import { readdirSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join, resolve } from 'node:path'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig } from 'vitest/config'
import { WAITS_ON_CHILD, waitingFirst } from './test/support/sequencer'

const ROOTS = ['test/unit', 'test/contract', 'test/security']
const INCLUDE = ROOTS.map((r) => `${r}/**/*.test.ts`)
/**
 * A file that replaces modules or globals (vi.mock, stubbed globals or env, fake timers, spies,
 * assignments to process.env) runs in a fresh module graph of its own. Every other file shares its
 * worker's module cache with the files before it, so the sources are imported once per worker, not
 * once per file. The split is by this rule, never by a hand-kept list.
 */
const NEEDS_ISOLATION =
  /\bvi\.(?:mock|doMock|unmock|stubGlobal|stubEnv|useFakeTimers|spyOn|resetModules)\b|process\.env(?:\.\w+|\[[^\]]+\])\s*=[^=]|process\.chdir\(|globalThis\.\w+\s*=[^=]/
const testFiles = ROOTS.flatMap((r) =>
  readdirSync(r, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(r, f).split('\\').join('/'))
)
// Read once: the sources decide both the project split and the order (test/support/sequencer.ts).
const sources = new Map(testFiles.map((f) => [f, readFileSync(f, 'utf8')]))
const isolated = testFiles.filter((f) => NEEDS_ISOLATION.test(sources.get(f) ?? ''))
const waiting = new Set(
  testFiles.filter((f) => WAITS_ON_CHILD.test(sources.get(f) ?? '')).map((f) => resolve(f).split('\\').join('/'))
)

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
    // No include here: a project's include is added to the root's, so each project names its own files.
    environment: 'node',
    // Builds the CLI bundle once for the whole run (the projects below inherit it; it builds once).
    globalSetup: ['test/unit/main/cli/build-bundle.global.ts'],
    // Files that wait on child processes start first (test/support/sequencer.ts).
    sequence: { sequencer: waitingFirst((id) => waiting.has(id)) },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on 2 cores. Many files wait on
    // CLI subprocesses, sockets and files, so one worker per core keeps both cores busy.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      { extends: true, test: { name: 'isolated', include: isolated } },
      { extends: true, test: { name: 'shared', include: INCLUDE, exclude: isolated, isolate: false } }
    ]
  }
})
