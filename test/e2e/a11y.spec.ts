import type { Page } from '@playwright/test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fetchWrappingKey, saveWrappingKeyFile } from '../../src-main/services/byok'
import { expect, test } from './fixtures'
import { seriousViolations } from './pages/axe'
import { dialogQueues } from './pages/byok-page'
import { KeysPage } from './pages/keys'
import { presetWrappingKey } from './pages/wrapping-key'
import { bridgeOf, createKey } from './pages/kms-helpers'

// One screen state per test, so a slow, busy machine times out one state rather than the lot;
// every state is checked in light and dark. The budget is generous on purpose (2 shared cores).
test.describe.configure({ timeout: 150_000 })

const sections = ['overview', 'keys', 'crypto', 'files', 'byok', 'activity', 'settings'] as const

async function go(page: Page, id: (typeof sections)[number]) {
  await page.getByTestId(`nav-${id}`).click()
  await expect(page.getByTestId(`nav-${id}`)).toHaveAttribute('aria-current', 'page')
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
}

for (const id of sections) {
  test(`section ${id}`, async ({ app }) => {
    await createKey(bridgeOf(app), 'a11y-aes', 'aes256-gcm96')
    await app.page.getByTestId('refresh').click()
    await go(app.page, id)
    // The chrome (skip link, sidebar, scope bar) once, with the overview; the section's main elsewhere.
    expect(await seriousViolations(app.page, id === 'overview' ? undefined : 'main')).toEqual([])
  })
}

test('command palette open with keys, profiles and regions listed', async ({ app }) => {
  await createKey(bridgeOf(app), 'payments-api', 'aes256-gcm96')
  await app.page.keyboard.press('Control+k')
  const list = app.page.getByTestId('palette-list')
  // Empty query: actions, keys, profiles and regions all in the one listbox.
  await expect(list.locator('[data-kind="Key"]').first()).toBeAttached()
  await expect(list.locator('[data-kind="Region"]').first()).toBeAttached()
  await app.page.keyboard.press('ArrowDown')
  expect(await seriousViolations(app.page, 'dialog[open]')).toEqual([])
})

test('command palette with nothing matching', async ({ app }) => {
  await app.page.keyboard.press('Control+k')
  await app.page.getByTestId('palette-input').fill('zzz nothing')
  await expect(app.page.getByTestId('palette-empty')).toBeVisible()
  expect(await seriousViolations(app.page, 'dialog[open]')).toEqual([])
})

test('shortcut help', async ({ app }) => {
  await app.page.locator('body').press('?')
  await expect(app.page.getByTestId('shortcut-help')).toBeVisible()
  expect(await seriousViolations(app.page, 'dialog[open]')).toEqual([])
})

for (const step of ['type', 'details', 'review', 'details with errors'] as const) {
  test(`create wizard: ${step}`, async ({ app }) => {
    const keys = new KeysPage(app.page)
    await keys.open()
    await app.page.getByTestId('new-key').click()
    if (step !== 'type') await keys.wizard.getByTestId('create-next').click()
    if (step === 'details with errors') await keys.wizard.getByTestId('create-review').click()
    if (step === 'review') {
      await keys.fillDetails({ type: 'aes256-gcm96', name: 'Alpha', labels: { a: 'b' }, exportAllowed: true })
      await keys.wizard.getByTestId('create-review').click()
      await expect(keys.wizard.getByTestId('create-where')).toBeVisible()
    }
    expect(await seriousViolations(app.page, 'dialog[open]')).toEqual([])
  })
}

test('key detail open', async ({ app }) => {
  await createKey(bridgeOf(app), 'alpha', 'ecdsa-p256')
  const keys = new KeysPage(app.page)
  await keys.open()
  await keys.openKey('alpha')
  await expect(keys.detail.getByTestId('pub-fingerprint')).toBeVisible()
  expect(await seriousViolations(app.page, 'main')).toEqual([])
})

for (const which of ['rotate', 'schedule deletion'] as const) {
  test(`confirm dialog: ${which}`, async ({ app }) => {
    await createKey(bridgeOf(app), 'alpha', 'aes256-gcm96')
    const keys = new KeysPage(app.page)
    await keys.open()
    await keys.openKey('alpha')
    await keys.detail.getByTestId(which === 'rotate' ? 'rotate-now' : 'schedule-deletion').click()
    await expect(app.page.getByTestId('confirm-dialog')).toBeVisible()
    expect(await seriousViolations(app.page, 'dialog[open]')).toEqual([])
  })
}

test('error state: the region’s KMS is unavailable', async ({ app }) => {
  const keys = new KeysPage(app.page)
  await keys.open()
  await app.page.getByTestId('region-select').selectOption('de-01')
  await expect(app.page.getByTestId('keys-error')).toBeVisible()
  expect(await seriousViolations(app.page, 'main')).toEqual([])
})

test('crypto results: a signature made and verified', async ({ app }) => {
  await createKey(bridgeOf(app), 'a11y-ec', 'ecdsa-p256')
  const { page } = app
  await go(page, 'crypto')
  await page.getByTestId('crypto-tab-sign').click()
  await page.getByTestId('sign-input-text').fill('x')
  await page.getByTestId('sign-run').click()
  await page.getByTestId('verify-run').click()
  await expect(page.getByTestId('verify-outcome')).toBeVisible()
  expect(await seriousViolations(page, 'main')).toEqual([])
})

test('activity with failed rows, a key filter and a date range error', async ({ app }) => {
  const bridge = bridgeOf(app)
  await bridge.core.activity.record({
    profile: 'Local sandbox',
    region: 'nl-01',
    key: 'alpha',
    operation: 'crypto:decrypt',
    outcome: 'error',
    errorCode: 'key_not_usable',
    errorMessage: 'Decrypting failed: the key is disabled',
    errorHint: 'Enable the key, then retry.'
  })
  await bridge.core.activity.record({
    profile: 'Local sandbox',
    region: 'nl-01',
    key: 'alpha',
    operation: 'keys:rotate',
    outcome: 'ok'
  })
  await go(app.page, 'activity')
  await expect(app.page.getByTestId('activity-error-hint')).toBeVisible()
  expect(await seriousViolations(app.page, 'main')).toEqual([])
  await app.page.getByTestId('activity-from').fill('2026-03-02')
  await app.page.getByTestId('activity-to').fill('2026-03-01')
  await expect(app.page.getByTestId('activity-range-error')).toBeVisible()
  expect(await seriousViolations(app.page, 'main')).toEqual([])
})

test('BYOK step 2 with a fingerprint that does not match', async ({ app }) => {
  const bridge = bridgeOf(app)
  const dir = await mkdtemp(join(tmpdir(), 'tkms-a11y-byok-'))
  try {
    await presetWrappingKey(bridge)
    const wkPath = join(dir, 'nl-01.wrapping-key.json')
    const client = await bridge.core.workspace.client()
    await saveWrappingKeyFile(
      wkPath,
      (await fetchWrappingKey(client, 'nl-01', { endpoint: bridge.core.sandbox.url, organisation: 'sandbox' })).file
    )
    dialogQueues(bridge).open.push([wkPath])
    const { page } = app
    await go(page, 'byok')
    await page.getByTestId('byok-step-2').click()
    await page.getByTestId('byok-load-wk').click()
    await page.getByTestId('byok-wk-compare-input').fill('00:11')
    await expect(page.getByTestId('byok-wk-compare-result')).toContainText('Mismatch')
    await page.getByTestId('byok-wk-aloud').locator('summary').click()
    expect(await seriousViolations(page, 'main')).toEqual([])
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('settings: profile form with errors', async ({ app }) => {
  const { page } = app
  await go(page, 'settings')
  await page.getByTestId('new-profile').click()
  await page.getByTestId('pf-create').click()
  await expect(page.getByTestId('profile-form')).toContainText('Give the profile a name.')
  expect(await seriousViolations(page)).toEqual([])
})
