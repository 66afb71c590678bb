import { expect, test } from './fixtures'
import { CryptoPage } from './pages/crypto-page'
import { KeysPage } from './pages/keys'
import { bridgeOf, seedKeys } from './pages/keys-bridge'
import { testEachLayout } from './pages/layouts'

// The toast journey installs a fake clock, which is context-wide: a context of its own.
test.use({ ownContext: true })

testEachLayout(
  'decrypting with the wrong key names the key that encrypted the text; toasts time out, errors wait',
  async (app, v) => {
    const bridge = bridgeOf(app.bridge)
    const { page } = app
    const [payments] = await seedKeys(bridge, 'nl-01', [
      { name: 'payments', keyType: 'aes256-gcm96' },
      { name: 'billing', keyType: 'aes256-gcm96' }
    ])
    const crypto = new CryptoPage(page)
    await crypto.open('encrypt')
    await crypto.pickKey('payments')
    const ciphertext = await crypto.encrypt('card 4111')

    await crypto.pickKey('billing')
    await page.getByTestId('decrypt-input').fill(ciphertext)
    await page.getByTestId('decrypt-run').click()
    const panel = crypto.error
    await expect(panel.getByTestId('error-hint')).toContainText('This text was encrypted with key payments')
    await expect(panel).not.toContainText(/[Ee]nable the key|highlighted/)
    // Compact: cause and next step in one block, not a large empty box.
    expect((await panel.boundingBox())!.height).toBeLessThan(160)
    await app.screenshot(`wrong-key-hint-${v.name.replace(/\W+/g, '-')}`)

    // The right key opens it.
    await crypto.pickKey('payments')
    await expect(crypto.keySelect).toHaveValue(payments?.identity ?? '')
    expect(await crypto.decrypt(ciphertext)).toBe('card 4111')

    // Success toasts fade on their own; an error toast stays until dismissed or the scope changes.
    // The page's clock is driven from here: a toast's 5 s pass without being waited out.
    await page.clock.install()
    const keys = new KeysPage(page)
    await keys.open()
    await keys.openKey('payments')
    await keys.detail.getByTestId('rotate-now').click()
    await keys.confirm()
    const ok = keys.toast('Rotated payments')
    await expect(ok).toBeVisible()
    await page.clock.runFor(5_000)
    await expect(ok).toHaveCount(0)

    bridge.core.sandbox.setFaults({ errorRate: 1, errorStatus: 500 })
    await keys.detail.getByTestId('rotate-now').click()
    await keys.confirm()
    const failed = page.getByTestId('toast').filter({ hasText: 'Rotating' })
    await expect(failed).toBeVisible({ timeout: 30_000 })
    bridge.core.sandbox.setFaults({ errorRate: 0 })
    // A later success toast comes and goes; the error toast outlives it.
    await keys.detail.getByTestId('rotate-now').click()
    await keys.confirm()
    const later = keys.toast('Rotated payments')
    await expect(later).toBeVisible()
    await page.clock.runFor(5_000)
    await expect(later).toHaveCount(0)
    await expect(failed).toBeVisible()
    await failed.getByRole('button', { name: 'Dismiss' }).click()
    await expect(failed).toHaveCount(0)
  }
)
