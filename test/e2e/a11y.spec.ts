import AxeBuilder from '@axe-core/playwright'
import { expect, test } from './fixtures'
import { bridgeOf, createKey } from './pages/kms-helpers'

const sections = ['overview', 'keys', 'crypto', 'files', 'byok', 'activity', 'settings'] as const

for (const scheme of ['light', 'dark'] as const) {
  test(`every section has no serious or critical axe violations (${scheme})`, async ({ app }) => {
    const bridge = bridgeOf(app)
    await createKey(bridge, 'a11y-aes', 'aes256-gcm96')
    await createKey(bridge, 'a11y-ec', 'ecdsa-p256')
    const { page } = app
    await page.emulateMedia({ colorScheme: scheme })
    await page.getByTestId('refresh').click()
    const found: string[] = []
    for (const id of sections) {
      await page.getByTestId(`nav-${id}`).click()
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
      await page.waitForLoadState('networkidle')
      const r = await new AxeBuilder({ page }).analyze()
      for (const v of r.violations) if (v.impact === 'serious' || v.impact === 'critical') found.push(`${id}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)
    }
    // Screens with results and dialogs open, too.
    await page.getByTestId('nav-crypto').click()
    await page.getByTestId('encrypt-input-text').fill('hello')
    await page.getByTestId('encrypt-run').click()
    await expect(page.getByTestId('encrypt-result')).toBeVisible()
    await page.getByTestId('crypto-tab-sign').click()
    await page.getByTestId('sign-input-text').fill('x')
    await page.getByTestId('sign-run').click()
    await page.getByTestId('verify-run').click()
    await expect(page.getByTestId('verify-outcome')).toBeVisible()
    for (const v of (await new AxeBuilder({ page }).analyze()).violations) if (v.impact === 'serious' || v.impact === 'critical') found.push(`crypto results: ${v.id}`)
    await page.getByTestId('nav-settings').click()
    await page.getByTestId('new-profile').click()
    await page.getByTestId('pf-create').click()
    await expect(page.getByTestId('profile-form')).toContainText('Give the profile a name.')
    for (const v of (await new AxeBuilder({ page }).analyze()).violations) if (v.impact === 'serious' || v.impact === 'critical') found.push(`profile form: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    expect(found).toEqual([])
  })
}
