import { expect, test } from './fixtures'
import { CryptoPage } from './pages/crypto-page'
import { bridgeOf, createKey, shootBoth } from './pages/kms-helpers'

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64')

test('encrypts and decrypts UTF-8 and base64 text with an AES key and an RSA key', async ({ app }) => {
  const bridge = bridgeOf(app)
  await createKey(bridge, 'e2e-aes', 'aes256-gcm96')
  await createKey(bridge, 'e2e-rsa', 'rsa-2048')
  const crypto = new CryptoPage(app.page)
  await crypto.open('encrypt')

  for (const key of ['e2e-aes', 'e2e-rsa']) {
    await crypto.pickKey(key)
    const text = `Grüße from ${key} ✓`
    const ct = await crypto.encrypt(text)
    expect(await crypto.decrypt(ct)).toBe(text)
    await expect(app.page.getByTestId('decrypt-result')).toContainText('UTF-8 text')

    // Binary input pasted as base64 comes back as base64 (it is not text).
    const binary = Buffer.from([0, 1, 2, 250, 251, 252]).toString('base64')
    const ct2 = await crypto.encrypt(binary, 'base64')
    expect(await crypto.decrypt(ct2)).toBe(binary)
    await expect(app.page.getByTestId('decrypt-result')).toContainText('binary, shown as base64')

    // Base64 of UTF-8 text decrypts to the text.
    const ct3 = await crypto.encrypt(b64('plain words'), 'base64')
    expect(await crypto.decrypt(ct3)).toBe('plain words')
  }
  await expect(app.page.getByTestId('encrypt-input-size')).toContainText('/ 190 bytes')
  await shootBoth(app.page, app.screenshot, 'crypto-encrypt')
})

test('checks sizes before sending: the RSA-OAEP limit, the 65,535-byte limit and bad base64', async ({ app }) => {
  const bridge = bridgeOf(app)
  await createKey(bridge, 'limit-rsa', 'rsa-3072')
  await createKey(bridge, 'limit-aes', 'aes128-gcm96')
  const crypto = new CryptoPage(app.page)
  await crypto.open('encrypt')
  await crypto.pickKey('limit-rsa')
  await crypto.fill('encrypt-input', 'x'.repeat(318))
  await expect(app.page.getByTestId('encrypt-input-size')).toContainText('318 / 318 bytes')
  await expect(app.page.getByTestId('encrypt-run')).toBeEnabled()
  await crypto.fill('encrypt-input', 'x'.repeat(319))
  await expect(app.page.getByTestId('encrypt-input-size')).toContainText('over the limit of 318 bytes')
  await expect(app.page.getByTestId('encrypt-run')).toBeDisabled()

  await crypto.pickKey('limit-aes')
  await crypto.fill('encrypt-input', 'é'.repeat(32_768))
  await expect(app.page.getByTestId('encrypt-input-size')).toContainText(
    '65,536 bytes is over the limit of 65,535 bytes'
  )
  await expect(app.page.getByTestId('encrypt-run')).toBeDisabled()
  await crypto.fill('encrypt-input', 'not base64!', 'base64')
  await expect(app.page.getByTestId('encrypt-input-size')).toContainText('Not valid base64')
  await expect(app.page.getByTestId('encrypt-run')).toBeDisabled()
})

test('signs and verifies with ECDSA and Ed25519; a tampered message is invalid', async ({ app }) => {
  const bridge = bridgeOf(app)
  await createKey(bridge, 'sig-ec', 'ecdsa-p384')
  await createKey(bridge, 'sig-ed', 'ed25519')
  await createKey(bridge, 'sig-rsa', 'rsa-2048')
  await createKey(bridge, 'not-for-signing', 'aes256-gcm96')
  const crypto = new CryptoPage(app.page)
  await crypto.open('sign')
  // Only keys that can sign are offered.
  await expect(crypto.keySelect.locator('option', { hasText: 'not-for-signing' })).toHaveCount(0)

  for (const key of ['sig-ec', 'sig-ed', 'sig-rsa']) {
    await crypto.pickKey(key)
    if (key === 'sig-ec') await app.page.getByTestId('sign-hash').selectOption('sha2-512')
    // The API offers hash and prehashed only: no RSA padding choice.
    if (key === 'sig-rsa') await expect(app.page.getByTestId('sign-scheme')).toHaveCount(0)
    if (key === 'sig-ed') {
      await expect(app.page.getByTestId('ed25519-note')).toBeVisible()
      await expect(app.page.getByTestId('sign-prehashed')).toBeDisabled()
    }
    await crypto.fill('sign-input', 'release v1.2.3')
    await app.page.getByTestId('sign-run').click()
    await expect(crypto.value('sign-result')).toContainText(/^thalassa:v1:/)
    await app.page.getByTestId('verify-run').click()
    await expect(crypto.outcome).toHaveAttribute('data-valid', 'true')
    await expect(app.page.getByTestId('verify-detail')).toHaveText('checked by the KMS verify endpoint')
    await crypto.fill('sign-input', 'release v1.2.4')
    await app.page.getByTestId('verify-run').click()
    await expect(crypto.outcome).toHaveAttribute('data-valid', 'false')
  }
  await shootBoth(app.page, app.screenshot, 'crypto-sign')
})

test('signs a prehashed SHA-256 digest and refuses a digest of the wrong length before sending', async ({ app }) => {
  await createKey(bridgeOf(app), 'sig-p256', 'ecdsa-p256')
  const crypto = new CryptoPage(app.page)
  await crypto.open('sign')
  await app.page.getByTestId('sign-prehashed').check()
  await crypto.fill('sign-input', Buffer.alloc(31, 7).toString('base64'), 'base64')
  await expect(app.page.getByTestId('sign-input-size')).toContainText('exactly 32 bytes')
  await expect(app.page.getByTestId('sign-run')).toBeDisabled()
  await crypto.fill('sign-input', Buffer.alloc(32, 7).toString('base64'), 'base64')
  await app.page.getByTestId('sign-run').click()
  await app.page.getByTestId('verify-run').click()
  await expect(crypto.outcome).toHaveAttribute('data-valid', 'true')
  // The API's verify has no `prehashed`: a digest is checked with the public key fetched from the KMS.
  await expect(app.page.getByTestId('verify-detail')).toHaveText(
    /^verified with the public key of version 1, fetched from the KMS \(ECDSA/
  )
})

test('computes and verifies an HMAC; a tampered HMAC is invalid', async ({ app }) => {
  await createKey(bridgeOf(app), 'mac-key', 'hmac-sha256')
  const crypto = new CryptoPage(app.page)
  await crypto.open('hmac')
  await crypto.fill('hmac-input', 'webhook body')
  await app.page.getByTestId('hmac-run').click()
  await expect(crypto.value('hmac-result')).toContainText(/^thalassa:v1:/)
  const mac = (await crypto.value('hmac-result').textContent()) ?? ''
  await app.page.getByTestId('verify-hmac-run').click()
  await expect(crypto.outcome).toHaveAttribute('data-valid', 'true')
  const body = mac.slice(mac.lastIndexOf(':') + 1)
  const flipped = Buffer.from(body, 'base64')
  flipped[0] = (flipped[0] ?? 0) ^ 1
  await app.page
    .getByTestId('verify-hmac-input')
    .fill(`${mac.slice(0, mac.lastIndexOf(':') + 1)}${flipped.toString('base64')}`)
  await app.page.getByTestId('verify-hmac-run').click()
  await expect(crypto.outcome).toHaveAttribute('data-valid', 'false')
  await shootBoth(app.page, app.screenshot, 'crypto-hmac')
})

test('a disabled key answers 400 key_not_usable, shown with its hint', async ({ app }) => {
  const bridge = bridgeOf(app)
  const key = await createKey(bridge, 'off-key', 'aes256-gcm96')
  await (await bridge.core.workspace.client()).disable('nl-01', key.identity)
  const crypto = new CryptoPage(app.page)
  await crypto.open('encrypt')
  await crypto.pickKey('off-key')
  await expect(app.page.getByTestId('crypto-key-meta')).toContainText('disabled')
  await expect(app.page.getByTestId('crypto-key-warning')).toContainText('until it is enabled')
  await crypto.fill('encrypt-input', 'hello')
  await app.page.getByTestId('encrypt-run').click()
  await expect(crypto.error).toHaveAttribute('data-code', 'key_not_usable')
  await expect(crypto.error).toContainText('Encryption failed')
  await expect(crypto.error.locator('.hint')).not.toBeEmpty()
  await shootBoth(app.page, app.screenshot, 'crypto-error-disabled')
})

test('a region without KMS (de-01) shows the 503 with the next step', async ({ app }) => {
  const crypto = new CryptoPage(app.page)
  await crypto.open('encrypt')
  await app.page.getByTestId('region-select').selectOption('de-01')
  await expect(app.page.getByTestId('region-warning')).toBeVisible()
  await expect(crypto.error).toHaveAttribute('data-code', 'region_unavailable')
  await expect(crypto.error).toContainText('KMS is not available in de-01')
  await expect(crypto.error).toContainText(/another region/i)
  await shootBoth(app.page, app.screenshot, 'crypto-region-503')
})

test('the command palette opens the Sign tab, with a key that can sign chosen', async ({ app }) => {
  const bridge = bridgeOf(app)
  await createKey(bridge, 'first-aes', 'aes256-gcm96')
  const ec = await createKey(bridge, 'chosen-ec', 'ecdsa-p256')
  await app.page.getByTestId('nav-crypto').click()
  await expect(app.page.getByTestId('crypto-tab-encrypt')).toHaveAttribute('aria-selected', 'true')
  await app.page.keyboard.press('Control+k')
  await app.page.getByRole('combobox', { name: 'Type a command' }).fill('Sign or verify')
  await app.page.keyboard.press('Enter')
  await expect(app.page.getByTestId('crypto-tab-sign')).toHaveAttribute('aria-selected', 'true')
  await expect(app.page.getByTestId('crypto-key-select')).toHaveValue(ec.identity)
})
