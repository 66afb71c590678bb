import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url))

/** Runs only inside test/keychain/run.sh, which provides a private D-Bus session and gnome-keyring. */
export default defineConfig({
  // The path aliases of tsconfig.base.json, as in the main vitest.config.ts.
  resolve: {
    alias: {
      '@contract': root('src-preload/contract'),
      '@lib': root('src-renderer/src/lib'),
      '@ui': root('src-renderer/src/ui')
    }
  },
  test: {
    include: ['test/keychain/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
    fileParallelism: false
  }
})
