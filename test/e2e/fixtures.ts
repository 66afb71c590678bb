import { test as base, _electron, type Browser, type BrowserContext, type Page } from '@playwright/test'
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

/** The web project's browser and its one page, kept for all tests of a worker. */
interface WorkerBrowser {
  browser: Browser
  page: Page
}

/** A new page that talks to the bridge host's attached bridge instead of Electron's IPC. */
async function bridgedPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage()
  await page.addInitScript({ content: await bridgeClientScript() })
  return page
}

export const test = base.extend<
  { app: AppUnderTest; ownContext: boolean },
  { host: BridgeHost; workerBrowser: WorkerBrowser | undefined }
>({
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
  /*
   * One page per worker, not Playwright's context per test (nor its reused context, which it resets
   * by clearing the browser cache and visiting every origin to clear storage: about 0.4 s of CPU a
   * test, 40% of a test that loads the app and asserts once). Each test still loads the app afresh
   * in it, on a bridge of its own; the app keeps nothing in the browser (no storage, no cookies).
   */
  workerBrowser: [
    async ({ playwright, launchOptions, headless }, use, workerInfo) => {
      if (workerInfo.project.metadata['electron']) return use(undefined)
      const browser = await playwright.chromium.launch({ ...launchOptions, headless })
      await use({ browser, page: await bridgedPage(await browser.newContext()) })
      await browser.close()
    },
    { scope: 'worker' }
  ],
  /** A browser context of the test's own, for tests that install a fake clock (context-wide). */
  ownContext: [false, { option: true }],
  app: async ({ host, workerBrowser, ownContext, viewport, colorScheme }, use, testInfo) => {
    const shoot = (p: Page) => async (name: string) => {
      if (SCREENS_WANTED) await p.screenshot({ path: join('test-results', 'screens', `${name}.png`) })
    }
    const electronPath = testInfo.project.metadata['electron'] as string | undefined
    if (electronPath || !workerBrowser) {
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
    const own = ownContext ? await workerBrowser.browser.newContext() : undefined
    const page = own ? await bridgedPage(own) : workerBrowser.page
    const bridge = await host.attach()
    // What Playwright resets between tests, for the kept page: size, colour scheme, hover.
    if (viewport) await page.setViewportSize(viewport)
    await page.emulateMedia({ colorScheme: colorScheme ?? 'light', media: null, reducedMotion: null })
    await page.mouse.move(-1, -1)
    await page.goto(`${bridge.url}/index.html`)
    await use({ page, bridge, screenshot: shoot(page) })
    await bridge.close()
    await own?.close()
  }
})

export const expect = test.expect
