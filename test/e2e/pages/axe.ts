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

/** One axe run: the serious and critical violations, and the ids of the rules that ran. */
async function serious(
  page: Page,
  scope: string | undefined,
  label: string,
  only?: string[]
): Promise<{ found: string[]; ran: string[] }> {
  if (!(await page.evaluate(() => (window as AxeWindow).axe !== undefined))) await inject(page)
  const result = await page.evaluate(
    async ([selector, rules]) => {
      const a = (window as AxeWindow).axe!
      const options = rules ? { runOnly: { type: 'rule' as const, values: rules } } : {}
      const r = await a.run(selector ?? document, { resultTypes: ['violations'], ...options })
      const colour = new Set(a.getRules(['cat.color']).map((rule) => rule.ruleId))
      return {
        violations: r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          targets: v.nodes.map((n) => n.target.join(' '))
        })),
        // The colour rules among those that ran (inapplicable ones included).
        ran: [...r.violations, ...r.passes, ...r.incomplete, ...r.inapplicable]
          .map((x) => x.id)
          .filter((id) => colour.has(id))
      }
    },
    [scope, only] as const
  )
  return {
    found: result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${label}${v.id} (${v.impact}): ${v.targets.slice(0, 4).join(', ')}`),
    ran: result.ran
  }
}

/** Serious and critical axe violations in the colour scheme the page shows now, in `scope` or the whole page. */
export async function violationsNow(page: Page, scope?: string): Promise<string[]> {
  return (await serious(page, scope, '')).found
}

/** Fails on any serious or critical axe violation in the current state and colour scheme. */
export async function expectAxeClean(page: Page, scope?: string): Promise<void> {
  expect(await violationsNow(page, scope)).toEqual([])
}

/**
 * Serious and critical axe violations, light and dark, in `scope` (a CSS selector) or the whole page.
 * Scoping a dialog's run to the dialog keeps the inert page behind it from being analysed twice.
 * Dark runs only the colour rules (axe's `cat.color`) that ran in light: the dark scheme changes
 * colours and nothing else (test/unit/renderer/styles/dark-scheme.test.ts holds the CSS to that), so
 * every other rule would find in dark what it found in light. About 0.1 s of CPU less a check.
 */
export async function seriousViolations(page: Page, scope?: string): Promise<string[]> {
  await page.emulateMedia({ colorScheme: 'light' })
  const light = await serious(page, scope, 'light ')
  await page.emulateMedia({ colorScheme: 'dark' })
  const dark = light.ran.length > 0 ? await serious(page, scope, 'dark ', light.ran) : { found: [] }
  await page.emulateMedia({ colorScheme: 'light' })
  return [...light.found, ...dark.found]
}
