import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { bridgeOf, shootBoth } from './pages/kms-helpers'
import { SettingsPage } from './pages/settings-page'
import { makeTestCa, opensslFingerprint } from '../support/test-ca'

test('a profile for an organisation without KMS: created in Settings, tested, selected → the 403 panel', async ({
  app
}) => {
  const bridge = bridgeOf(app)
  const { page } = app
  const settings = new SettingsPage(page)
  await settings.open()
  await expect(settings.row('Local sandbox').getByTestId('profile-secret-status')).toContainText('Built in')
  await settings.create({
    name: 'No KMS org',
    endpoint: bridge.core.sandbox.url,
    organisation: 'no-kms',
    secret: 'tc_pat_sandbox_admin'
  })
  await expect(settings.row('No KMS org').getByTestId('profile-secret-status')).toHaveText('Stored in keychain')
  // The secret went to the keychain and never back: the form is empty and no view carries it.
  const views = await bridge.core.profiles.list()
  expect(JSON.stringify(views)).not.toContain('tc_pat_sandbox_admin')

  const result = await settings.test('No KMS org')
  await expect(result).toHaveAttribute('data-ok', 'true')
  await expect(result.getByTestId('test-feature')).toHaveText('not enabled')
  await shootBoth(page, app.screenshot, 'settings-profiles')

  await settings.use('No KMS org')
  await page.getByTestId('nav-overview').click()
  const panel = page.getByTestId('kms-off-panel')
  await expect(panel).toBeVisible()
  await expect(panel).toContainText('KMS is not enabled for organisation “no-kms”')
  await expect(panel).toContainText('Ask an administrator')
  await expect(page.getByTestId('feature-status')).toContainText('Not enabled')
  await shootBoth(page, app.screenshot, 'overview-kms-off')

  // Any other call says the same: the key list on the Crypto screen gets the 403.
  await page.getByTestId('nav-crypto').click()
  await expect(page.getByTestId('error-panel')).toHaveAttribute('data-code', 'kms_not_enabled')

  await page.getByTestId('nav-overview').click()
  await page.getByTestId('kms-off-sandbox').click()
  await expect(page.getByTestId('sandbox-tag')).toBeVisible()
  await expect(page.getByTestId('count-total')).toBeVisible()
})

test('test connection shows the exact error for a wrong secret; the secret can be replaced', async ({ app }) => {
  const bridge = bridgeOf(app)
  const settings = new SettingsPage(app.page)
  await settings.open()
  await settings.create({
    name: 'Service account',
    endpoint: bridge.core.sandbox.url,
    organisation: 'sandbox',
    region: 'nl-02',
    auth: 'client-credentials',
    clientId: 'sandbox-sa',
    secret: 'not-the-secret'
  })
  const bad = await settings.test('Service account')
  await expect(bad).toHaveAttribute('data-ok', 'false')
  await expect(bad.getByTestId('error-panel')).toHaveAttribute('data-code', 'unauthorized')

  await settings.row('Service account').getByTestId('profile-secret').click()
  await app.page.getByTestId('secret-input').fill('sandbox-sa-secret')
  await app.page.getByTestId('secret-save').click()
  await expect(app.page.getByTestId('secret-dialog')).toBeHidden()
  const good = await settings.test('Service account')
  await expect(good).toHaveAttribute('data-ok', 'true')
  await expect(good).toContainText('nl-01')
  await expect(good).toContainText('de-01) – KMS not available')

  await settings.use('Service account')
  await expect(app.page.getByTestId('region-select')).toHaveValue('nl-02')
})

test('a profile is deleted only after typing its name; its secret goes with it', async ({ app }) => {
  const bridge = bridgeOf(app)
  const settings = new SettingsPage(app.page)
  await settings.open()
  await settings.create({ name: 'Temporary', organisation: 'acme', secret: 'tc_pat_temporary_value' })
  const id = await settings.row('Temporary').getAttribute('data-profile-id')
  await settings.row('Temporary').getByTestId('profile-delete').click()
  const dialog = app.page.getByTestId('confirm-dialog')
  await expect(dialog.getByTestId('confirm-button')).toBeDisabled()
  await dialog.getByTestId('confirm-input').fill('Temporar')
  await expect(dialog.getByTestId('confirm-button')).toBeDisabled()
  await dialog.getByTestId('confirm-input').fill('Temporary')
  await dialog.getByTestId('confirm-button').click()
  await expect(settings.row('Temporary')).toHaveCount(0)
  expect((await bridge.core.profiles.list()).some((p) => p.id === id)).toBe(false)
})

test('the form says what is missing instead of sending a bad profile', async ({ app }) => {
  const settings = new SettingsPage(app.page)
  await settings.open()
  await app.page.getByTestId('new-profile').click()
  const form = app.page.getByTestId('profile-form')
  await form.getByTestId('pf-endpoint').fill('api.example')
  await form.getByTestId('pf-create').click()
  await expect(form).toContainText('Give the profile a name.')
  await expect(form).toContainText('Enter the API address')
  await expect(form).toContainText('Enter the organisation')
  await expect(form).toBeVisible()
})

test('imports profiles from the tcloud CLI config', async ({ app }) => {
  const bridge = bridgeOf(app)
  await copyFile(join('test', 'fixtures', 'tcloud', 'config.yaml'), join(bridge.dataDir, '.tcloud'))
  const settings = new SettingsPage(app.page)
  await settings.open()
  await app.page.getByTestId('import-tcloud').click()
  await expect(app.page.getByTestId('toast').filter({ hasText: 'Imported' })).toBeVisible()
  await expect(settings.row('tcloud: prod')).toBeVisible()
  await expect(settings.row('tcloud: staging').getByTestId('profile-secret-status')).toHaveText('Stored in keychain')
})

test('clipboard clear delay and app info', async ({ app }) => {
  const bridge = bridgeOf(app)
  const settings = new SettingsPage(app.page)
  await settings.open()
  await expect(app.page.getByTestId('app-info')).toContainText('0.0.0-test')
  await expect(app.page.getByTestId('app-info')).toContainText(bridge.dataDir)
  await app.page.getByTestId('clipboard-seconds').fill('4000')
  await expect(app.page.getByTestId('clipboard-save')).toBeDisabled()
  await app.page.getByTestId('clipboard-seconds').fill('12')
  await app.page.getByTestId('clipboard-save').click()
  await expect(app.page.getByTestId('toast').filter({ hasText: 'cleared after 12 s' })).toBeVisible()
  expect(bridge.core.settings.get().clipboardClearSeconds).toBe(12)
  expect(JSON.parse(await readFile(join(bridge.dataDir, 'settings.json'), 'utf8'))).toMatchObject({
    clipboardClearSeconds: 12
  })
  await shootBoth(app.page, app.screenshot, 'settings-preferences')
})

test('a profile is edited in place: name, project cleared, default region set', async ({ app }) => {
  const bridge = bridgeOf(app)
  const settings = new SettingsPage(app.page)
  await settings.open()
  await settings.create({
    name: 'Editable',
    endpoint: bridge.core.sandbox.url,
    organisation: 'sandbox',
    project: 'alpha',
    secret: 'tc_pat_sandbox_admin'
  })
  await settings.row('Editable').getByTestId('profile-edit').click()
  const form = app.page.getByTestId('profile-form')
  await expect(form.getByTestId('pf-project')).toHaveValue('alpha')
  await expect(form.getByTestId('pf-secret')).toHaveCount(0)
  await form.getByTestId('pf-name').fill('Edited')
  await form.getByTestId('pf-project').fill('')
  await form.getByTestId('pf-region').fill('nl-02')
  await form.getByTestId('pf-create').click()
  await expect(form).toBeHidden()
  const row = settings.row('Edited')
  await expect(row).toContainText('nl-02')
  await expect(row.getByTestId('profile-secret-status')).toHaveText('Stored in keychain')
  const saved = (await bridge.core.profiles.list()).find((p) => p.name === 'Edited')
  expect(saved).toMatchObject({ defaultRegion: 'nl-02', hasSecret: true })
  expect(saved?.project).toBeUndefined()
})

test('a new endpoint discards the stored secret in main and the window asks for it again', async ({ app }) => {
  const bridge = bridgeOf(app)
  const settings = new SettingsPage(app.page)
  await settings.open()
  await settings.create({
    name: 'Moving',
    endpoint: bridge.core.sandbox.url,
    organisation: 'sandbox',
    secret: 'tc_pat_sandbox_admin'
  })
  await settings.row('Moving').getByTestId('profile-edit').click()
  const form = app.page.getByTestId('profile-form')
  // The same sandbox under another origin (localhost instead of 127.0.0.1): a different place for a secret.
  const moved = bridge.core.sandbox.url.replace('127.0.0.1', 'localhost')
  await form.getByTestId('pf-endpoint').fill(moved)
  await form.getByTestId('pf-create').click()
  const dialog = app.page.getByTestId('secret-dialog')
  await expect(dialog).toBeVisible()
  await expect(settings.row('Moving').getByTestId('profile-secret-status')).toHaveText('No secret stored')
  expect((await bridge.core.profiles.list()).find((p) => p.name === 'Moving')).toMatchObject({
    endpoint: moved,
    hasSecret: false
  })
  await app.screenshot('settings-secret-again')
  await dialog.getByTestId('secret-input').fill('tc_pat_sandbox_admin')
  await dialog.getByTestId('secret-save').click()
  await expect(settings.row('Moving').getByTestId('profile-secret-status')).toHaveText('Stored in keychain')
  const result = await settings.test('Moving')
  await expect(result).toHaveAttribute('data-ok', 'true')
  await expect(result.getByTestId('test-feature')).toHaveText('enabled')
})

test('a CA bundle is chosen in a dialog and each CA is shown with its fingerprint', async ({ app }) => {
  const bridge = bridgeOf(app)
  const dir = await mkdtemp(join(tmpdir(), 'tkms-ca-e2e-'))
  try {
    makeTestCa(dir, 'ca', '/O=Corp/CN=Corp Proxy CA')
    const fingerprint = opensslFingerprint(dir, 'ca.pem')
    bridge.platform.chooseOpenPaths = async () => [join(dir, 'ca.pem')]
    const settings = new SettingsPage(app.page)
    await settings.open()
    await app.page.getByTestId('new-profile').click()
    const form = app.page.getByTestId('profile-form')
    await form.getByTestId('pf-name').fill('Behind a proxy')
    await form.getByTestId('pf-organisation').fill('acme')
    await form.getByTestId('pf-ca-pick').click()
    await expect(form.getByTestId('pf-ca-certs')).toContainText('O=Corp, CN=Corp Proxy CA')
    await expect(form.getByTestId('pf-ca-certs')).toContainText(fingerprint)
    await form.getByTestId('pf-create').click()
    await expect(form).toBeHidden()
    await expect(settings.row('Behind a proxy').getByTestId('profile-ca')).toContainText(fingerprint)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
