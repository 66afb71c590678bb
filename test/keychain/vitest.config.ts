import { defineConfig } from 'vitest/config'

/** Runs only inside test/keychain/run.sh, which provides a private D-Bus session and gnome-keyring. */
export default defineConfig({
  test: {
    include: ['test/keychain/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
    fileParallelism: false
  }
})
