import { expect } from './fixtures'
import { KeysPage } from './pages/keys'
import { bridgeOf, seedKeys } from './pages/keys-bridge'
import { goTo } from './pages/kms-helpers'
import { violationsNow } from './pages/axe'
import { testEachLayout } from './pages/layouts'
import { SANDBOX_CREDENTIALS as C } from '../../src-main/sandbox/index'

testEachLayout('first start offers the sandbox with sample keys or a Thalassa Cloud connection', async (app, v) => {
  const { page } = app
  const first = page.getByTestId('first-start')
  await expect(first).toBeVisible()
  await expect(page.getByTestId('production-band')).toHaveCount(0)
  await expect(page.getByTestId('env-badge')).toHaveText('Sandbox')
  expect(await violationsNow(page), 'first start').toEqual([])

  // Connect: the profile form opens, with the environment to choose (production by default).
  await page.getByTestId('first-connect').click()
  const form = page.getByTestId('profile-form')
  await expect(form).toBeVisible()
  await expect(form.getByTestId('pf-env-production')).toBeChecked()
  await form.getByRole('button', { name: 'Cancel' }).click()

  // Try the sandbox: sample keys are seeded and the Keys screen shows them.
  await goTo(page, 'overview')
  await page.getByTestId('first-try-sandbox').click()
  const keys = new KeysPage(page)
  await expect(keys.count).toContainText('4 keys in')
  await expect(keys.row('payments-api')).toBeVisible()
  await app.screenshot(`first-start-seeded-${v.name.replace(/\W+/g, '-')}`)

  // Nothing used any more: the choice is gone; a second seed would be refused (never twice).
  await goTo(page, 'overview')
  await expect(first).toHaveCount(0)
})

testEachLayout(
  'a production profile draws a band, names its context and asks for the organisation to delete',
  async (app, v) => {
    const bridge = bridgeOf(app.bridge)
    const { page } = app
    const prod = await bridge.core.profiles.create(
      {
        name: 'Payments prod',
        endpoint: bridge.core.sandbox.url,
        organisation: C.organisation,
        defaultRegion: 'nl-01',
        auth: { kind: 'pat' }
      },
      C.adminPat
    )
    expect(prod.environment).toBe('production')
    await page.reload()
    // With a cloud profile present the first-start choice is not offered.
    await expect(page.getByTestId('first-start')).toHaveCount(0)
    await page.getByTestId('profile-select').selectOption(prod.id)
    const band = page.getByTestId('production-band')
    await expect(band).toContainText('Production')
    await expect(band).toContainText('Payments prod')
    await expect(page.getByTestId('env-badge')).toHaveText('Production')

    await seedKeys(bridge, 'nl-01', [{ name: 'ledger', keyType: 'aes256-gcm96' }])
    const keys = new KeysPage(page)
    await keys.open()
    await keys.openKey('ledger')
    await keys.detail.getByTestId('schedule-deletion').click()
    const dialog = page.getByTestId('confirm-dialog')
    await expect(dialog.getByTestId('context-line')).toContainText(
      'Payments prod · organisation sandbox · region nl-01 · organisation scope'
    )
    await expect(dialog.getByTestId('context-line')).toHaveAttribute('data-environment', 'production')
    await dialog.getByTestId('confirm-input').fill('ledger')
    // The key name alone is not enough in production; a wrong organisation neither.
    await expect(dialog.getByTestId('confirm-button')).toBeDisabled()
    await dialog.getByTestId('confirm-organisation').fill('sandbo')
    await expect(dialog.getByTestId('confirm-button')).toBeDisabled()
    await dialog.getByTestId('confirm-organisation').fill('sandbox')
    await app.screenshot(`production-delete-${v.name.replace(/\W+/g, '-')}`)
    expect(await violationsNow(page), 'production delete dialog').toEqual([])
    await dialog.getByTestId('confirm-button').click()
    await expect(keys.detail.getByTestId('status-badge')).toHaveText('pending deletion')

    // Rotate dialogs carry the same one context line.
    await keys.detail.getByTestId('cancel-deletion').click()
    await expect(keys.detail.getByTestId('status-badge')).toHaveText('active')
    await keys.detail.getByTestId('rotate-now').click()
    await expect(dialog.getByTestId('context-line')).toHaveCount(1)
    await dialog.getByRole('button', { name: 'Cancel' }).click()

    // Back on the Local sandbox: no band.
    await page.getByTestId('profile-select').selectOption('local-sandbox')
    await expect(band).toHaveCount(0)
  }
)

testEachLayout('the profile form sets environment and colour; the badge and list show them', async (app) => {
  const { page } = app
  await goTo(page, 'settings')
  await page.getByTestId('new-profile').click()
  const form = page.getByTestId('profile-form')
  await form.getByTestId('pf-name').fill('Staging')
  await form.getByTestId('pf-endpoint').fill(bridgeOf(app.bridge).core.sandbox.url)
  await form.getByTestId('pf-organisation').fill('sandbox')
  await form.getByTestId('pf-env-non-production').check()
  await expect(form.getByTestId('pf-color')).toHaveValue('#1f6feb')
  await form.getByTestId('pf-color').fill('#2e7d32')
  await form.getByTestId('pf-secret').fill(C.adminPat)
  await form.getByTestId('pf-create').click()
  const row = page.locator('[data-profile-name="Staging"]')
  await expect(row.getByTestId('profile-env')).toHaveText('Non-production')
  await row.getByTestId('profile-use').click()
  await expect(page.getByTestId('env-badge')).toHaveText('Non-production')
  await expect(page.getByTestId('production-band')).toHaveCount(0)
})
