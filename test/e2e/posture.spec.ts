import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { violationsNow } from './pages/axe'
import { dialogQueues } from './pages/byok-page'
import { bridgeOf, goTo } from './pages/kms-helpers'
import type { Bridge } from './bridge/server'

const EVIL = '<img src=x onerror=alert(1)>'

/** Four keys with known findings; `doomed` is pending deletion and used by one indexed local file. */
async function arrange(bridge: Bridge) {
  const c = await bridge.core.workspace.client()
  const good = { owner: 'sec', env: 'prod' }
  const manual = await c.createKey('nl-01', { name: 'manual-key', keyType: 'aes256-gcm96', labels: { owner: EVIL } })
  const tidy = await c.createKey('nl-01', {
    name: 'tidy-key',
    keyType: 'aes256-gcm96',
    labels: good,
    keyRotationEnabled: true,
    rotationPeriodInDays: 90
  })
  await c.createKey('nl-02', {
    name: 'export-key',
    keyType: 'aes256-gcm96',
    labels: good,
    keyRotationEnabled: true,
    rotationPeriodInDays: 90,
    exportAllowed: true
  })
  const doomed = await c.createKey('nl-01', {
    name: 'doomed-key',
    keyType: 'aes256-gcm96',
    labels: good,
    keyRotationEnabled: true,
    rotationPeriodInDays: 90
  })
  await c.scheduleDeletion('nl-01', doomed.identity)
  const file = (name: string, k: { identity: string; slug: string }) => ({
    path: join(bridge.dataDir, name),
    size: 10,
    mtimeMs: 1,
    recipients: [{ region: 'nl-01', identity: k.identity, slug: k.slug }]
  })
  await bridge.core.localIndex.record(file('a.tkms', doomed))
  await bridge.core.localIndex.record(file('b.tkms', tidy))
  await bridge.core.localIndex.record(file('c.tkms', tidy))
  return { manual, tidy, doomed }
}

test('the findings queue leads with a loud pending deletion and filters the Keys list in one click', async ({
  app
}) => {
  const bridge = bridgeOf(app)
  await arrange(bridge)
  const { page } = app
  await page.getByTestId('refresh').click()

  const queue = page.getByTestId('posture-queue')
  await expect(queue.getByTestId('finding').first()).toContainText('doomed-key')
  await expect(queue.getByTestId('finding').first()).toContainText('1 local file still use it')
  await expect(queue.getByTestId('finding').first()).toHaveClass(/loud/)
  await expect(page.getByTestId('finding-group-rotation-off')).toContainText('manual-key')
  await expect(page.getByTestId('finding-group-export-allowed')).toContainText('export-key')
  await expect(page.getByTestId('finding-group-missing-labels')).toContainText('Missing required label: env.')
  // Per-region availability stays on the Overview.
  await expect(page.getByTestId('region-row-de-01')).toContainText('Not available')
  await expect(page.getByTestId('count-total')).toHaveText('4')

  await page.getByTestId('filter-rotation-off-nl-01').click()
  await expect(page.getByTestId('finding-filter')).toContainText('Rotation off (1)')
  await expect(page.getByTestId('key-row')).toHaveCount(1)
  await expect(page.getByTestId('key-row')).toContainText('manual-key')
  // Removing the finding filter shows every key of the region again.
  await page.getByTestId('finding-filter').getByRole('button').click()
  await expect(page.getByTestId('key-row')).toHaveCount(3)
})

test('the inventory is saved where the save dialog says, as escaped self-contained HTML; cancelling saves nothing', async ({
  app
}) => {
  test.skip(app.bridge === undefined, 'the dialogs are answered by the test bridge')
  const bridge = bridgeOf(app)
  await arrange(bridge)
  const dialogs = dialogQueues(bridge)
  const { page } = app
  await page.getByTestId('refresh').click()
  await expect(page.getByTestId('findings-total')).toContainText('in 4 keys')

  const out = join(bridge.dataDir, 'inventory.html')
  dialogs.save.push(out)
  await page.getByTestId('export-html').click()
  await expect(page.getByTestId('toast').filter({ hasText: 'Key inventory saved' })).toBeVisible()
  const html = await readFile(out, 'utf8')
  expect(html).not.toMatch(/<script/i)
  expect(html).not.toContain(EVIL)
  expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
  expect(html).toContain('doomed-key')

  // No answer from the dialog = cancelled: no file, no error.
  await page.getByTestId('export-csv').click()
  await expect(page.getByTestId('toast').filter({ hasText: 'Key inventory saved' })).toHaveCount(1)
  await expect(stat(join(bridge.dataDir, 'inventory.csv'))).rejects.toThrow()
})

test('key detail says how many local files use the key; disable and deletion dialogs warn with the count', async ({
  app
}) => {
  const bridge = bridgeOf(app)
  await arrange(bridge)
  const { page } = app
  await goTo(page, 'keys')
  await page.getByTestId('key-row').filter({ hasText: 'tidy-key' }).click()
  await expect(page.getByTestId('local-use')).toContainText('2 local files use this key')

  await page.getByTestId('disable-key').click()
  await expect(page.getByTestId('disable-local-warning')).toContainText('2 local files use this key')
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByTestId('disable-local-warning')).toHaveCount(0)
  expect(
    (await (await bridge.core.workspace.client()).listKeys('nl-01')).find((k) => k.name === 'tidy-key')?.status
  ).toBe('active')

  await page.getByTestId('schedule-deletion').click()
  await expect(page.getByTestId('delete-local-warning')).toContainText('2 local files use this key')
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click()

  // A key no indexed file names: the Disable confirmation carries no local-files warning.
  await page.getByTestId('detail-close').click()
  await page.getByTestId('key-row').filter({ hasText: 'manual-key' }).click()
  await expect(page.getByTestId('local-use')).toContainText('No local files known to use this key')
  await page.getByTestId('disable-key').click()
  await expect(page.getByRole('dialog')).toBeVisible()
  await expect(page.getByTestId('disable-local-warning')).toHaveCount(0)
  await page.getByRole('dialog').getByRole('button', { name: 'Disable key' }).click()
  await expect(page.getByTestId('enable-key')).toBeVisible()
})

test('due reminders can be switched off in Preferences and the choice is kept', async ({ app }) => {
  const bridge = bridgeOf(app)
  const { page } = app
  await goTo(page, 'settings')
  const toggle = page.getByTestId('reminders-toggle')
  await expect(toggle).toBeChecked()
  await toggle.uncheck()
  await expect(page.getByTestId('toast').filter({ hasText: 'Due reminders off' })).toBeVisible()
  expect(bridge.core.settings.get().posture.remindersEnabled).toBe(false)
  // Out of range: refused, the saved value stays.
  await page.getByTestId('reminder-days').fill('0')
  await page.getByTestId('reminder-days').blur()
  await expect(page.getByTestId('toast').filter({ hasText: 'Invalid request for settings:set' })).toBeVisible()
  expect(bridge.core.settings.get().posture.reminderDays).toBe(7)
})

test('the findings queue and the posture preferences have no serious or critical axe violations', async ({ app }) => {
  // Two axe passes over a busy page: slow on a loaded machine, not stuck.
  test.setTimeout(180_000)
  const bridge = bridgeOf(app)
  await arrange(bridge)
  const { page } = app
  await page.getByTestId('refresh').click()
  await expect(page.getByTestId('finding').first()).toBeVisible()
  expect(await violationsNow(page, '[data-testid="posture-queue"]')).toEqual([])
  await goTo(page, 'settings')
  await expect(page.getByTestId('reminders-toggle')).toBeVisible()
  expect(await violationsNow(page, '[data-testid="posture-preferences"]')).toEqual([])
})
