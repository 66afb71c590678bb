import type { Page } from '@playwright/test'
import type { Bridge } from '../bridge/server'
import { SANDBOX_CREDENTIALS as C } from '../../../src-main/sandbox/index'

/** Adds the sandbox's documented read-only token (it may list and read keys, nothing more) as a profile and switches to it. */
export async function useReader(bridge: Bridge, page: Page): Promise<void> {
  const reader = await bridge.core.profiles.create(
    {
      name: 'Auditor',
      endpoint: bridge.core.sandbox.url,
      organisation: C.organisation,
      defaultRegion: 'nl-01',
      auth: { kind: 'pat' },
      environment: 'non-production'
    },
    C.readerPat
  )
  await page.reload()
  await page.getByTestId('profile-select').selectOption(reader.id)
}
