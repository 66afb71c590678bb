import { test as base, _electron, type Page } from '@playwright/test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startHost, type Bridge, type BridgeHost } from './bridge/server'
import { bridgeClientScript } from './bridge/bundle-client'
import { SCREENS_WANTED } from './pages/screens'

export interface AppUnderTest {
  page: Page
  /** The bridge in the web project; undefined when the specs drive the real Electron app. */
  bridge: Bridge | undefined
  screenshot(name: string): Promise<void>
}

export const test = base.extend<{ app: AppUnderTest }, { host: BridgeHost }>({
  // One origin per worker for the web project: the browser keeps the renderer's bundle cached.
  host: [
    // Playwright reads a fixture's dependencies from its first parameter's pattern: none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const host = await startHost()
      await use(host)
      await host.close()
    },
    { scope: 'worker' }
  ],
  app: async ({ page, host }, use, testInfo) => {
    const shoot = (p: Page) => async (name: string) => {
      if (SCREENS_WANTED) await p.screenshot({ path: join('test-results', 'screens', `${name}.png`) })
    }
    const electronPath = testInfo.project.metadata['electron'] as string | undefined
    if (electronPath) {
      const dataDir = await mkdtemp(join(tmpdir(), 'tkms-e2e-'))
      const electronApp = await _electron.launch({
        executablePath: electronPath,
        args: ['out/main/index.js'],
        env: { ...process.env, THALASSA_KMS_DATA_DIR: dataDir }
      })
      const win = await electronApp.firstWindow()
      await use({ page: win, bridge: undefined, screenshot: shoot(win) })
      await electronApp.close()
      await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
      return
    }
    const bridge = await host.attach()
    await page.addInitScript({ content: await bridgeClientScript() })
    await page.goto(`${bridge.url}/index.html`)
    await use({ page, bridge, screenshot: shoot(page) })
    await bridge.close()
  }
})

export const expect = test.expect
