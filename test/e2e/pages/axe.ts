import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'

/**
 * Serious and critical axe violations, light and dark, in `scope` (a CSS selector) or the whole page.
 * Scoping a dialog's run to the dialog keeps the inert page behind it from being analysed twice.
 */
export async function seriousViolations(page: Page, scope?: string): Promise<string[]> {
  const found: string[] = []
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    const builder = new AxeBuilder({ page })
    const r = await (scope ? builder.include(scope) : builder).analyze()
    for (const v of r.violations)
      if (v.impact === 'serious' || v.impact === 'critical')
        found.push(
          `${scheme} ${v.id} (${v.impact}): ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 4)
            .join(', ')}`
        )
  }
  await page.emulateMedia({ colorScheme: 'light' })
  return found
}
