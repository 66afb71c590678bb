import { readFile } from 'node:fs/promises'
import type { Bridge } from '../bridge/server'

// A fixed RSA-4096 key made for these tests only: generating one takes seconds of CPU per test.
const PEM = new URL('../../fixtures/byok/sandbox-wrapping-key.test-only.pem', import.meta.url)

/**
 * Gives the sandbox region its BYOK wrapping key up front. The app still fetches it from the KMS
 * (GET wrapping-key) as it would otherwise; only the sandbox's own key generation is skipped.
 */
export async function presetWrappingKey(bridge: Bridge | undefined, region = 'nl-01'): Promise<void> {
  // The Electron project has no bridge: its sandbox makes its own key, as in the app.
  if (bridge) await bridge.core.sandbox.presetWrappingKey(region, await readFile(PEM, 'utf8'))
}
