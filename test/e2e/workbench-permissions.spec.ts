import { expect } from './fixtures'
import { KeysPage } from './pages/keys'
import { bridgeOf, seedKeys } from './pages/keys-bridge'
import { violationsNow } from './pages/axe'
import { testEachLayout } from './pages/layouts'
import { useReader } from './pages/reader-profile'

testEachLayout(
  'a read-only token: the masked 404 becomes one sentence, and write actions show why they are disabled',
  async (app, v) => {
    const bridge = bridgeOf(app.bridge)
    const { page } = app
    await seedKeys(bridge, 'nl-01', [{ name: 'payments', keyType: 'aes256-gcm96' }])
    await useReader(bridge, page)
    const keys = new KeysPage(page)
    await keys.open()
    await expect(keys.row('payments')).toBeVisible()
    // Nothing learnt yet: actions stay enabled (no probing writes).
    await expect(page.getByTestId('new-key')).toBeEnabled()

    await keys.openKey('payments')
    await keys.detail.getByTestId('rotate-now').click()
    await keys.confirm()
    const toast = keys.toast(/your token cannot change keys here/)
    await expect(toast).toBeVisible()
    await expect(page.getByTestId('toast').filter({ hasText: /not found|no endpoint/ })).toHaveCount(0)

    // Learnt: every write action is disabled, with the reason beside it.
    await expect(keys.detail.getByTestId('write-denied')).toContainText('Your token cannot change keys here')
    for (const id of ['rotate-now', 'disable-key', 'schedule-deletion'])
      await expect(keys.detail.getByTestId(id)).toBeDisabled()
    await expect(keys.detail.getByTestId('rotation-save')).toBeDisabled()
    await expect(page.getByTestId('new-key')).toBeDisabled()
    await expect(page.getByTestId('new-key')).toHaveAttribute('title', /cannot change keys here/)
    await expect(page.getByTestId('keys-write-denied')).toBeVisible()
    await app.screenshot(`permissions-read-only-${v.name.replace(/\W+/g, '-')}`)
    expect(await violationsNow(page), 'read-only keys screen').toEqual([])

    // Another region is another scope: nothing is known there yet. The error toast closes on the change.
    await page.getByTestId('region-select').selectOption('nl-02')
    await expect(toast).toHaveCount(0)
    await expect(page.getByTestId('new-key')).toBeEnabled()
    await page.getByTestId('region-select').selectOption('nl-01')
    await expect(page.getByTestId('new-key')).toBeDisabled()

    // The admin profile on the same sandbox keeps every action.
    await page.getByTestId('profile-select').selectOption('local-sandbox')
    await keys.open()
    await expect(page.getByTestId('new-key')).toBeEnabled()
    await expect(page.getByTestId('keys-write-denied')).toHaveCount(0)
  }
)
