import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toAppError } from '../../src-main/services/kms/errors'
import { expect, test } from './fixtures'
import { KeysPage } from './pages/keys'
import { bridgeOf, fingerprintFromKms, queueSavePaths } from './pages/keys-bridge'

test('lifecycle: rotate, rotation settings, disable (crypto refused), enable, schedule and cancel deletion', async ({
  app
}) => {
  const bridge = bridgeOf(app.bridge)
  const keys = new KeysPage(app.page)
  await keys.open()
  await keys.create({ type: 'ecdsa-p256', name: 'Release signing', labels: { team: 'release' } })
  await expect(keys.detail.getByTestId('detail-slug')).toHaveText('release-signing')
  const d = keys.detail

  await d.getByTestId('rotate-now').click()
  await app.screenshot('keys-rotate-confirm')
  await keys.confirm()
  await expect(keys.toast('Rotated Release signing to v2')).toBeVisible()
  await expect(d).toContainText('latest v2')
  await expect(d.getByTestId('version-timeline').locator('circle')).toHaveCount(2)

  await d.getByTestId('rotation-enabled').check()
  await d.getByTestId('rotation-period').fill('0')
  await expect(d.getByTestId('rotation-form')).toContainText('from 1 to 3650')
  await expect(d.getByTestId('rotation-save')).toBeDisabled()
  await d.getByTestId('rotation-period').fill('45')
  await d.getByTestId('rotation-save').click()
  await expect(d.getByTestId('detail-rotation')).toHaveText('every 45 d')
  await expect(d.getByTestId('next-rotation')).toContainText('Next rotation due')
  await expect(d.getByTestId('next-rotation')).toHaveAttribute('title', /INFERRED/)
  await expect(d.getByTestId('next-rotation-marker')).toHaveCount(1)
  await expect(keys.row('release-signing')).toContainText('every 45 d')
  await app.screenshot('keys-detail-rotation')

  await d.getByTestId('disable-key').click()
  // Disabling asks first and says what stops working, with the context it acts on.
  const disableDialog = app.page.getByTestId('confirm-dialog')
  await expect(disableDialog.getByTestId('disable-stops')).toContainText('signature')
  await expect(disableDialog.getByTestId('context-line')).toContainText('region nl-01')
  await keys.confirm()
  await expect(keys.toast('Disabled Release signing')).toBeVisible()
  await expect(d.getByTestId('status-badge')).toHaveText('disabled')
  await expect(keys.row('release-signing').getByTestId('status-badge')).toHaveText('disabled')
  await expect(d.getByTestId('disabled-banner')).toContainText('400')
  await expect(d.getByTestId('op-sign')).toHaveAttribute('data-available', 'false')
  await expect(d.getByTestId('op-sign')).toContainText('The key is disabled')
  await expect(d.getByTestId('use-in-crypto')).toBeDisabled()
  await expect(d.getByTestId('crypto-disabled-reason')).toContainText('disabled')
  await expect(d.getByTestId('rotate-now')).toBeDisabled()
  // The server agrees: a disabled key is refused with 400 (key_not_usable).
  const refused = await bridge.core.workspace
    .client()
    .then((c) => c.sign('nl-01', 'release-signing', { input: Buffer.from('x').toString('base64') }))
    .catch((e: unknown) => e)
  expect(toAppError(refused)).toMatchObject({ code: 'key_not_usable', status: 400 })
  await app.screenshot('keys-detail-disabled')

  await d.getByTestId('enable-key').click()
  await expect(d.getByTestId('status-badge')).toHaveText('active')
  await expect(d.getByTestId('use-in-crypto')).toBeEnabled()

  await d.getByTestId('schedule-deletion').click()
  const dialog = app.page.getByTestId('confirm-dialog')
  const expectedDate = new Date(Date.now() + 30 * 86_400_000).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    year: 'numeric'
  })
  await expect(dialog.getByTestId('deletion-date')).toContainText(expectedDate)
  await expect(dialog.getByTestId('confirm-button')).toBeDisabled()
  await dialog.getByTestId('confirm-input').fill('release signing')
  await expect(dialog.getByTestId('confirm-button')).toBeDisabled()
  await app.screenshot('keys-delete-confirm')
  await keys.confirm('Release signing')
  await expect(d.getByTestId('status-badge')).toHaveText('pending deletion')
  await expect(d.getByTestId('deletion-countdown')).toContainText('Destroyed in 30 days')
  await expect(d.getByTestId('op-sign')).toContainText('pending deletion')
  await app.screenshot('keys-detail-pending-deletion')

  await d.getByTestId('cancel-deletion').click()
  await expect(d.getByTestId('status-badge')).toHaveText('active')
  await expect(d.getByTestId('deletion-countdown')).toHaveCount(0)
  const key = await bridge.core.workspace.client().then((c) => c.getKey('nl-01', 'release-signing'))
  expect(key).toMatchObject({ status: 'active', latestVersion: 2, keyRotationEnabled: true, rotationPeriodInDays: 45 })
})

test('exports a public key whose fingerprint matches one computed with node:crypto, in PEM, DER and JWK', async ({
  app
}) => {
  const bridge = bridgeOf(app.bridge)
  const dir = await mkdtemp(join(tmpdir(), 'tkms-keys-pub-'))
  try {
    const keys = new KeysPage(app.page)
    await keys.open()
    await keys.create({ type: 'rsa-2048', name: 'Web TLS' })
    const d = keys.detail
    const id = (await d.getByTestId('detail-identity').textContent()) ?? ''
    const fp = await fingerprintFromKms(bridge, 'nl-01', id, 1)
    await expect(d.getByTestId('pub-fingerprint')).toHaveText(fp)
    await expect(d.getByTestId('pub-pem')).toHaveValue(/^-----BEGIN PUBLIC KEY-----/)
    await app.screenshot('keys-public-key')

    const [pem, der, jwk] = ['k.pem', 'k.der', 'k.jwk.json'].map((n) => join(dir, n)) as [string, string, string]
    queueSavePaths(bridge, pem, der, jwk)
    await d.getByTestId('save-pem').click()
    await expect(keys.toast('Saved public key v1 (PEM)')).toBeVisible()
    await d.getByTestId('save-der').click()
    await expect(keys.toast('Saved public key v1 (DER)')).toBeVisible()
    await d.getByTestId('save-jwk').click()
    await expect(keys.toast('Saved public key v1 (JWK)')).toBeVisible()
    expect(await readFile(pem, 'utf8')).toBe(await d.getByTestId('pub-pem').inputValue())
    const derHash = (
      createHash('sha256')
        .update(await readFile(der))
        .digest('hex')
        .match(/../g) ?? []
    ).join(':')
    expect(derHash).toBe(fp)
    expect(JSON.parse(await readFile(jwk, 'utf8'))).toMatchObject({ kty: 'RSA', e: 'AQAB' })

    await d.getByRole('button', { name: 'JWK', exact: true }).click()
    await expect(d.getByTestId('pub-jwk')).toHaveValue(/"kty": "RSA"/)
    // After a rotation both versions are offered; v2 has its own fingerprint.
    await d.getByTestId('rotate-now').click()
    await keys.confirm()
    await expect(d.getByTestId('pub-version').locator('option')).toHaveCount(2)
    await d.getByTestId('pub-version').selectOption('2')
    await expect(d.getByTestId('pub-fingerprint')).toHaveText(await fingerprintFromKms(bridge, 'nl-01', id, 2))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('break-glass export writes a 0600 file of the right length and shows only the path', async ({ app }) => {
  const bridge = bridgeOf(app.bridge)
  const dir = await mkdtemp(join(tmpdir(), 'tkms-keys-export-'))
  try {
    const keys = new KeysPage(app.page)
    await keys.open()
    await keys.create({ type: 'aes128-gcm96', name: 'Sealed only' })
    await expect(keys.detail.getByTestId('export-material')).toHaveCount(0)
    await keys.detail.getByTestId('detail-close').click()

    await app.page.getByTestId('new-key').click()
    await keys.wizard.getByTestId('type-aes256-gcm96').check()
    await keys.wizard.getByTestId('create-next').click()
    await keys.fillDetails({ type: 'aes256-gcm96', name: 'Escrowed', exportAllowed: true })
    await expect(keys.wizard.getByTestId('create-export-warning')).toContainText('Irreversible')
    await app.screenshot('keys-wizard-export-warning')
    await keys.submitWizard()
    await expect(keys.detail.getByTestId('flag-export')).toBeVisible()

    const out = join(dir, 'escrowed.key')
    queueSavePaths(bridge, out)
    await keys.detail.getByTestId('export-material-open').click()
    await expect(app.page.getByTestId('confirm-button')).toBeDisabled()
    await app.screenshot('keys-export-confirm')
    await keys.confirm('Escrowed')
    await expect(keys.detail.getByTestId('export-saved-path')).toContainText(out)
    const st = await stat(out)
    expect(st.mode & 0o777).toBe(0o600)
    expect(st.size).toBe(32)
    const material = (await readFile(out)).toString('base64')
    expect(await app.page.content()).not.toContain(material)
    await app.screenshot('keys-export-done')
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
