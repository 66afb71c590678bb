import { SCREENS_WANTED } from './screens'
import type { Page } from '@playwright/test'
import type { Bridge } from '../bridge/server'
import type { KeyType } from '@contract/schemas/key-types'
import type { KmsKey } from '@contract/schemas/kms'

/** The bridge of the web project; these specs need it to arrange sandbox state. */
export function bridgeOf(app: { bridge: Bridge | undefined }): Bridge {
  if (!app.bridge) throw new Error('this spec arranges state through the test bridge (web project)')
  return app.bridge
}

/** Creates a key in the sandbox through the active profile's client (as another tool would). */
export async function createKey(bridge: Bridge, name: string, keyType: KeyType, region = 'nl-01'): Promise<KmsKey> {
  const client = await bridge.core.workspace.client()
  return client.createKey(region, { name, keyType })
}

export async function goTo(
  page: Page,
  section: 'overview' | 'keys' | 'crypto' | 'files' | 'byok' | 'activity' | 'settings'
): Promise<void> {
  await page.getByTestId(`nav-${section}`).click()
}

/** Switches the colour scheme and names screenshots `<screen>-light|dark`. */
export async function shootBoth(page: Page, shoot: (name: string) => Promise<void>, screen: string): Promise<void> {
  if (!SCREENS_WANTED) return
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await shoot(`${screen}-${scheme}`)
  }
  await page.emulateMedia({ colorScheme: 'light' })
}
