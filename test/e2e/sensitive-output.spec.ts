import { expect, test } from './fixtures'
import { CryptoPage } from './pages/crypto-page'
import { bridgeOf, createKey } from './pages/kms-helpers'
import { expectAxeClean } from './pages/axe'
import { forEachLayout, shotName } from './pages/layouts'

forEachLayout((layout) => {
  test.setTimeout(120_000)
  test('decrypted plaintext stays masked until revealed and goes when the ciphertext changes; an HMAC goes when its input changes', async ({
    app
  }) => {
    const bridge = bridgeOf(app)
    await createKey(bridge, 'mask-aes', 'aes256-gcm96')
    await createKey(bridge, 'mask-mac', 'hmac-sha256')
    const page = app.page
    const crypto = new CryptoPage(page)
    await crypto.open('encrypt')
    await crypto.pickKey('mask-aes')
    const secret = 'the vault code is 4711'
    await crypto.fill('encrypt-input', secret)
    await page.getByTestId('encrypt-run').click()
    await expect(crypto.value('encrypt-result')).toContainText(/^thalassa:v\d+:/)
    await page.getByTestId('use-for-decrypt').click()
    await page.getByTestId('decrypt-run').click()
    await expect(page.getByTestId('decrypt-result-masked')).toBeVisible()
    // Masked means not in the page at all, not merely hidden by style.
    expect(await page.content()).not.toContain(secret)
    await expectAxeClean(page)
    await app.screenshot(shotName('crypto-masked', layout))
    await page.getByTestId('decrypt-result-reveal').click()
    await expect(crypto.value('decrypt-result')).toHaveText(secret)
    await expect(page.getByTestId('decrypt-result-reveal')).toHaveAttribute('aria-pressed', 'true')

    // Edited ciphertext: the plaintext of the old one is cleared.
    await page.getByTestId('decrypt-input').press('End')
    await page.getByTestId('decrypt-input').press('Backspace')
    await expect(page.getByTestId('decrypt-result')).toHaveCount(0)
    // Edited plaintext: the ciphertext of the old one is no longer shown beside it.
    await crypto.fill('encrypt-input', `${secret}!`)
    await expect(page.getByTestId('encrypt-result')).toHaveCount(0)

    await crypto.tab('hmac').click()
    await crypto.pickKey('mask-mac')
    await crypto.fill('hmac-input', 'amount=100')
    await page.getByTestId('hmac-run').click()
    await expect(crypto.value('hmac-result')).toContainText(/^thalassa:v1:/)
    await page.getByTestId('verify-hmac-run').click()
    await expect(crypto.outcome).toHaveAttribute('data-valid', 'true')
    await crypto.fill('hmac-input', 'amount=1000')
    await expect(page.getByTestId('hmac-result')).toHaveCount(0)
    await expect(crypto.outcome).toHaveCount(0)
  })
})

// It installs a fake clock, which is context-wide: a context of its own.
test.describe(() => {
  test.use({ ownContext: true })
  test('decrypted plaintext is cleared after the clipboard-clear delay; a new result is masked again', async ({
    app
  }) => {
    test.setTimeout(120_000)
    const bridge = bridgeOf(app)
    await bridge.core.settings.set({ clipboardClearSeconds: 2 })
    await createKey(bridge, 'timed-aes', 'aes256-gcm96')
    const page = app.page
    const crypto = new CryptoPage(page)
    await crypto.open('encrypt')
    await crypto.pickKey('timed-aes')
    const ct = await crypto.encrypt('short-lived')
    // The page's clock is driven from here: the 2 s pass without being waited out.
    await page.clock.install()
    expect(await crypto.decrypt(ct)).toBe('short-lived')
    await expect(page.getByTestId('decrypt-result')).toContainText('cleared after 2 s')
    await page.clock.runFor(2_000)
    await expect(page.getByTestId('decrypt-result')).toHaveCount(0)

    // Decrypting again shows the new plaintext masked: a reveal does not carry over.
    await page.getByTestId('decrypt-run').click()
    await expect(page.getByTestId('decrypt-result-masked')).toBeVisible()
    await expect(crypto.value('decrypt-result')).toHaveCount(0)
  })
})
