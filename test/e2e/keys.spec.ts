import { expect, test } from './fixtures'
import { KeysPage } from './pages/keys'
import { bridgeOf } from './pages/keys-bridge'

const ALL_TYPES = [
  'aes128-gcm96',
  'aes256-gcm96',
  'chacha20-poly1305',
  'rsa-2048',
  'rsa-3072',
  'rsa-4096',
  'ecdsa-p256',
  'ecdsa-p384',
  'ecdsa-p521',
  'ed25519',
  'hmac',
  'hmac-sha256',
  'hmac-sha512'
] as const

// The page's clock passes each of the 13 holds on Create (600 ms) instead of waiting them out: it is
// context-wide, so the test has a context of its own. The hold itself is tested in create-wizard.spec.ts.
test.use({ ownContext: true })

test('creates one key of every type through the wizard and finds each by search', async ({ app }) => {
  test.setTimeout(150_000)
  bridgeOf(app.bridge)
  const keys = new KeysPage(app.page)
  await keys.open()
  await app.page.clock.install()
  await expect(app.page.getByTestId('keys-empty')).toBeVisible()
  await app.screenshot('keys-empty')

  for (const [i, type] of ALL_TYPES.entries()) {
    await app.page.getByTestId('new-key').click()
    await keys.wizard.getByTestId(`type-${type}`).check()
    if (i === 3) await app.screenshot('keys-wizard-type')
    await keys.wizard.getByTestId('create-next').click()
    await keys.fillDetails({
      type,
      name: `Key ${type}`,
      // One label row per key (asserted on ed25519); the first key also adds a second row.
      labels: { family: type.split('-')[0] ?? type, ...(i === 0 ? { idx: String(i) } : {}) },
      ...(i % 2 === 0 ? { rotationDays: 30 + i } : {})
    })
    if (i === 3) await app.screenshot('keys-wizard-details')
    await keys.submitWizard({ advanceClock: true })
    await expect(keys.wizard).toBeHidden({ timeout: 30_000 })
    await expect(keys.detail.getByRole('heading', { name: `Key ${type}` })).toBeVisible()
    await expect(keys.toast(`Created Key ${type}`)).toBeVisible()
  }
  await keys.detail.getByTestId('detail-close').click()
  await expect(keys.count).toHaveText(/13 keys in nl-01/)
  await expect(keys.rows).toHaveCount(13)
  await app.screenshot('keys-list')

  for (const type of ALL_TYPES) {
    await keys.find(type)
    // `aes128-gcm96` is unique; `hmac` also matches hmac-sha256 and hmac-sha512: the slug row must be there.
    await expect(keys.row(`key-${type}`)).toBeVisible()
    const expected = type === 'hmac' ? 3 : 1
    await expect(keys.rows).toHaveCount(expected)
  }
  await keys.find('key-ed25519')
  await keys.openKey('key-ed25519')
  await expect(keys.detail.getByTestId('op-sign')).toHaveAttribute('data-available', 'true')
  await expect(keys.detail.getByTestId('op-encrypt')).toHaveAttribute('data-available', 'false')
  await expect(keys.detail.getByTestId('op-encrypt')).toContainText('do not support')
  await expect(keys.detail.getByTestId('detail-labels')).toContainText('family')
  await app.screenshot('keys-detail-ed25519')

  await keys.find('key-hmac-sha512')
  await keys.openKey('key-hmac-sha512')
  await expect(keys.detail.getByTestId('public-keys')).toHaveCount(0)
  await expect(keys.detail.getByTestId('op-publicKey')).toHaveAttribute('data-available', 'false')
})
