import { writeFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { CryptoPage } from './pages/crypto-page'
import { FilesPage } from './pages/files-page'
import { bridgeOf, seedKeys } from './pages/keys-bridge'
import { useReader } from './pages/reader-profile'

test('Crypto: a read-only token is told it cannot use keys here, then every operation shows why it is disabled; the admin token keeps them', async ({
  app
}) => {
  test.setTimeout(180_000)
  const bridge = bridgeOf(app.bridge)
  const { page } = app
  await seedKeys(bridge, 'nl-01', [
    { name: 'payments', keyType: 'aes256-gcm96' },
    { name: 'release', keyType: 'ecdsa-p256' }
  ])
  await useReader(bridge, page)
  const crypto = new CryptoPage(page)
  await crypto.open('encrypt')
  await crypto.pickKey('payments')
  await crypto.fill('encrypt-input', 'hello')
  // Nothing learnt yet: the action stays enabled (no probing writes).
  await expect(page.getByTestId('encrypt-run')).toBeEnabled()
  await page.getByTestId('encrypt-run').click()
  const panel = page.getByTestId('error-panel')
  await expect(panel).toContainText('your token cannot use keys')
  await expect(panel).not.toContainText(/not found|no endpoint/)

  await expect(page.getByTestId('crypto-use-denied')).toContainText('Your token cannot use keys here')
  await expect(page.getByTestId('encrypt-run')).toBeDisabled()
  await expect(page.getByTestId('encrypt-run')).toHaveAttribute('title', /cannot use keys here/)
  await crypto.tab('sign').click()
  await crypto.fill('sign-input', 'hello')
  await expect(page.getByTestId('sign-run')).toBeDisabled()
  await crypto.tab('hmac').click()
  await expect(page.getByTestId('crypto-use-denied')).toBeVisible()

  // The admin profile on the same sandbox keeps every operation, and it works.
  await page.getByTestId('profile-select').selectOption('local-sandbox')
  await crypto.open('encrypt')
  await expect(page.getByTestId('crypto-use-denied')).toHaveCount(0)
  await crypto.pickKey('payments')
  expect(await crypto.encrypt('hello')).toMatch(/^thalassa:v1:/)
})

test('Files: a job refused by a read-only token names the cause, then Start is disabled with the reason; the admin token keeps it', async ({
  app
}) => {
  test.setTimeout(180_000)
  const bridge = bridgeOf(app.bridge)
  const { page } = app
  const dir = await mkdtemp(join(tmpdir(), 'tkms-perm-files-'))
  try {
    await seedKeys(bridge, 'nl-01', [{ name: 'payments', keyType: 'aes256-gcm96' }])
    await writeFile(join(dir, 'a.txt'), 'alpha')
    await useReader(bridge, page)
    const files = new FilesPage(page)
    await files.open()
    await files.drop([join(dir, 'a.txt')])
    await files.addRecipient('payments')
    await expect(files.start).toBeEnabled()
    await files.start.click()
    const result = page.getByTestId('results-panel').getByTestId('result')
    await expect(result).toHaveAttribute('data-state', 'error')
    await expect(result.getByTestId('error-panel')).toContainText('your token cannot use keys')

    await expect(page.getByTestId('files-use-denied')).toContainText('Your token cannot use keys here')
    await expect(page.getByTestId('files-use-denied')).toContainText('region nl-01')
    await files.drop([join(dir, 'a.txt')])
    await expect(files.selected).toHaveCount(1)
    await expect(files.start).toBeDisabled()
    await expect(files.start).toHaveAttribute('title', /cannot use keys here/)
    // Verifying reads public keys only: it stays available.
    await files.operation('verify').check()
    await expect(page.getByTestId('files-use-denied')).toHaveCount(0)

    await page.getByTestId('profile-select').selectOption('local-sandbox')
    await files.open()
    await files.operation('encrypt').check()
    await expect(page.getByTestId('files-use-denied')).toHaveCount(0)
    await files.drop([join(dir, 'a.txt')])
    // The recipient chosen earlier is still chosen: the same request, now with a token allowed to use it.
    await expect(page.getByTestId('recipient-chip-payments')).toBeVisible()
    await expect(files.start).toBeEnabled()
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('BYOK: a read-only token is told it cannot change keys here, then fetching the wrapping key and importing are disabled with the reason; the admin token keeps them', async ({
  app
}) => {
  test.setTimeout(180_000)
  const bridge = bridgeOf(app.bridge)
  const { page } = app
  await useReader(bridge, page)
  await page.getByTestId('nav-byok').click()
  await expect(page.getByTestId('byok-fetch-wk')).toBeEnabled()
  await page.getByTestId('byok-fetch-wk').click()
  await expect(page.getByTestId('error-panel')).toContainText('your token cannot change keys here')
  await expect(page.getByTestId('error-panel')).not.toContainText(/not found|no endpoint/)
  await expect(page.getByTestId('byok-write-denied')).toContainText('Your token cannot change keys here')
  await expect(page.getByTestId('byok-fetch-wk')).toBeDisabled()
  await expect(page.getByTestId('byok-fetch-wk')).toHaveAttribute('title', /cannot change keys here/)
  // The offline step needs no token: opening a wrapping-key file stays available.
  await page.getByTestId('byok-step-2').click()
  await expect(page.getByTestId('byok-load-wk')).toBeEnabled()
  await expect(page.getByTestId('byok-fetch-wk')).toBeDisabled()

  await page.getByTestId('profile-select').selectOption('local-sandbox')
  await expect(page.getByTestId('byok-write-denied')).toHaveCount(0)
  await expect(page.getByTestId('byok-fetch-wk')).toBeEnabled()
})
