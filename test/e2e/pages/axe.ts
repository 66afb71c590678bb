import axe from 'axe-core'
import { expect, type Page } from '@playwright/test'
import { AXE_PATH } from '../bridge/server'

type AxeWindow = Window & { axe?: typeof axe }

/**
 * axe-core run straight in the page: injected once per document and asked for violations only.
 * AxeBuilder injects the 0.6 MB script on every analyze and merges its results in a second, blank
 * page (for iframes, which the app has none of): several seconds a run on a busy machine.
 */
/** From the bridge host's cacheable copy in the web project (compiled once a worker), else evaluated. */
async function inject(page: Page): Promise<void> {
  const origin = new URL(page.url()).origin
  if (origin.startsWith('http://127.0.0.1:')) await page.addScriptTag({ url: `${origin}${AXE_PATH}` })
  else await page.evaluate(axe.source)
}

async function serious(page: Page, scope: string | undefined, label: string): Promise<string[]> {
  if (!(await page.evaluate(() => (window as AxeWindow).axe !== undefined))) await inject(page)
  const violations = await page.evaluate(async (selector) => {
    const r = await (window as AxeWindow).axe!.run(selector ?? document, { resultTypes: ['violations'] })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }))
  }, scope)
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${label}${v.id} (${v.impact}): ${v.targets.slice(0, 4).join(', ')}`)
}

/** Serious and critical axe violations in the colour scheme the page shows now, in `scope` or the whole page. */
export function violationsNow(page: Page, scope?: string): Promise<string[]> {
  return serious(page, scope, '')
}

/** Fails on any serious or critical axe violation in the current state and colour scheme. */
export async function expectAxeClean(page: Page, scope?: string): Promise<void> {
  expect(await violationsNow(page, scope)).toEqual([])
}

/**
 * Serious and critical axe violations, light and dark, in `scope` (a CSS selector) or the whole page.
 * Scoping a dialog's run to the dialog keeps the inert page behind it from being analysed twice.
 */
export async function seriousViolations(page: Page, scope?: string): Promise<string[]> {
  const found: string[] = []
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    found.push(...(await serious(page, scope, `${scheme} `)))
  }
  await page.emulateMedia({ colorScheme: 'light' })
  return found
}
