import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { test, type AppUnderTest } from '../fixtures'

/** The sizes and schemes the workbench specs run at: the smallest supported window and a common one. */
export const VARIANTS = [
  { name: '1024x700 light', viewport: { width: 1024, height: 700 }, colorScheme: 'light' },
  { name: '1024x700 dark', viewport: { width: 1024, height: 700 }, colorScheme: 'dark' },
  { name: '1280x800 light', viewport: { width: 1280, height: 800 }, colorScheme: 'light' },
  { name: '1280x800 dark', viewport: { width: 1280, height: 800 }, colorScheme: 'dark' }
] as const
export type Variant = (typeof VARIANTS)[number]

export async function applyVariant(page: Page, v: Variant): Promise<void> {
  await page.setViewportSize(v.viewport)
  await page.emulateMedia({ colorScheme: v.colorScheme })
}

/** One test per variant, each in a fresh app (its own sandbox and data folder). */
export function testEachVariant(title: string, body: (app: AppUnderTest, v: Variant) => Promise<void>): void {
  for (const v of VARIANTS) {
    test(`${title} @ ${v.name}`, async ({ app }) => {
      // Each journey is long (key generation, axe); the limit fits a busy shared 2-core machine.
      test.setTimeout(240_000)
      await applyVariant(app.page, v)
      await body(app, v)
    })
  }
}

/** Serious and critical axe violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze()
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}
