import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/**
 * Vitest global setup: the CLI tests run the shipped bundle, so it is built from the current
 * sources once before any test file starts (esbuild: well under a second on an idle machine).
 * `npm test` builds it as a gate just before and says so with TKMS_CLI_BUNDLE_FRESH=1.
 */
export default function setup(): void {
  if (process.env['TKMS_CLI_BUNDLE_FRESH'] === '1') return
  execFileSync(process.execPath, [fileURLToPath(new URL('../../../../bin/build-cli.mjs', import.meta.url))], {
    stdio: 'inherit'
  })
  // Each Vitest project runs the global setup: the first one builds, the others find it fresh.
  process.env['TKMS_CLI_BUNDLE_FRESH'] = '1'
}
