import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/**
 * Vitest global setup: the CLI tests run the shipped bundle, so it is built from the current
 * sources once before any test file starts (esbuild: well under a second on an idle machine).
 */
export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../../../bin/build-cli.mjs', import.meta.url))], { stdio: 'inherit' })
}
