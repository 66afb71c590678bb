import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type AppUnderTest } from './fixtures'
import { FilesPage } from './pages/files-page'
import { bridgeOf, seedKeys } from './pages/keys-bridge'
import { expectAxeClean } from './pages/axe'
import { forEachLayout, shotName } from './pages/layouts'

let dir: string
test.beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tkms-workbench-e2e-'))
})
test.afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A long list, as an officer with many keys has it: the two wanted keys are among fillers. */
async function seed(app: AppUnderTest) {
  const b = bridgeOf(app.bridge)
  await seedKeys(b, 'nl-01', [
    { name: 'payments-api', keyType: 'aes256-gcm96', labels: { team: 'payments' } },
    ...Array.from({ length: 12 }, (_, i) => ({
      name: `filler-${String(i).padStart(2, '0')}`,
      keyType: 'aes256-gcm96' as const,
      labels: { team: 'other' }
    }))
  ])
  await seedKeys(b, 'nl-02', [{ name: 'dr-escrow', keyType: 'rsa-2048', labels: { purpose: 'escrow' } }])
  for (const n of ['a.txt', 'b.txt', 'c.txt']) await writeFile(join(dir, n), `content of ${n}`)
  return b
}

forEachLayout((layout) => {
  // Three file jobs, two axe runs and a reload: generous on a busy 2-core machine.
  test.setTimeout(180_000)
  test('pick recipients by typing, save them as a set, encrypt 3 files and see the results with their keys', async ({
    app
  }) => {
    const bridge = await seed(app)
    const shown: string[] = []
    bridge.platform.showInFolder = (p) => void shown.push(p)
    const files = new FilesPage(app.page)
    const page = app.page
    await files.open()
    await files.drop([join(dir, 'a.txt'), join(dir, 'b.txt'), join(dir, 'c.txt')])
    await expect(files.selected).toHaveCount(3)

    // Typing filters by label and region; arrows and Enter add; Backspace removes the last chip.
    const search = page.getByTestId('recipient-search')
    await search.fill('escrow')
    await expect(page.getByRole('listbox', { name: 'Matching keys' }).getByRole('option')).toHaveCount(1)
    await search.press('Enter')
    await expect(page.getByTestId('recipient-chip-dr-escrow')).toBeVisible()
    await search.fill('team=payments nl-01')
    await expect(page.getByRole('listbox', { name: 'Matching keys' }).getByRole('option')).toHaveCount(1)
    await search.press('ArrowDown')
    await search.press('ArrowUp')
    await search.press('Enter')
    await expect(page.getByTestId('recipient-chip-payments-api')).toBeVisible()
    await search.press('Backspace')
    await expect(page.getByTestId('recipient-chip-payments-api')).toHaveCount(0)
    await files.addRecipient('payments-api')

    // Saved as a set, cleared, then applied again.
    await page.getByTestId('set-name').fill('payments + DR escrow')
    // A control tabbed to is scrolled clear of the sticky action bar, not left under it.
    await page.getByTestId('set-name').press('Tab')
    await expect(page.getByTestId('set-save')).toBeFocused()
    const bar = (await page.getByTestId('action-bar').boundingBox())!
    const save = (await page.getByTestId('set-save').boundingBox())!
    expect(save.y + save.height).toBeLessThanOrEqual(bar.y)
    await page.getByTestId('set-save').click()
    await expect(page.getByTestId('set-select')).toHaveValue('payments + DR escrow')
    await search.press('Backspace')
    await search.press('Backspace')
    await expect(page.locator('[data-testid^="recipient-chip-"]')).toHaveCount(0)
    await page.getByTestId('set-apply').click()
    await expect(page.locator('[data-testid^="recipient-chip-"]')).toHaveCount(2)

    // The action bar says what will happen, and stays in view.
    const summary = page.getByTestId('action-summary')
    await expect(summary).toHaveText(
      'Encrypt 3 files to 2 keys (dr-escrow · nl-02, payments-api · nl-01) → beside each file'
    )
    await expect(page.getByTestId('action-bar')).toBeInViewport()
    await expect(files.start).toBeInViewport()

    await files.start.click()
    const results = page.getByTestId('results-panel')
    await expect(results).toBeInViewport()
    await expect(results.getByTestId('result').and(page.locator('[data-state="ok"]'))).toHaveCount(3)
    for (const r of await results.getByTestId('result').all())
      await expect(r.getByTestId('result-keys')).toHaveText('Opens with any of: nl-02/dr-escrow, nl-01/payments-api')
    await expect(page.getByTestId('files-missing')).toContainText('results of the last run are above')
    await results.locator('[data-name="b.txt"]').getByTestId('result-show').click()
    await expect.poll(() => shown).toEqual([join(dir, 'b.txt.tkms')])
    await expectAxeClean(page)
    await app.screenshot(shotName('files-results', layout))

    // The set survives a reload (it lives in main's settings), and can be deleted.
    expect(bridge.core.settings.get().recipientSets.map((s) => s.name)).toEqual(['payments + DR escrow'])
    await page.reload()
    await files.open()
    await page.getByTestId('set-select').selectOption('payments + DR escrow')
    await page.getByTestId('set-delete').click()
    await expect(page.getByTestId('set-select')).toBeDisabled()
    expect(bridge.core.settings.get().recipientSets).toEqual([])
  })
})

test('a query that matches nothing adds nothing, and a set whose key is gone says so', async ({ app }) => {
  test.setTimeout(120_000)
  const bridge = await seed(app)
  const files = new FilesPage(app.page)
  const page = app.page
  await files.open()
  await files.drop([join(dir, 'a.txt')])
  const search = page.getByTestId('recipient-search')
  // The open list of matches is a state axe must see too (combobox + listbox).
  await search.fill('payments')
  await expect(page.getByRole('listbox', { name: 'Matching keys' })).toBeVisible()
  await expectAxeClean(page)
  await search.fill('no-such-key')
  await expect(page.getByTestId('recipient-none')).toContainText('No active encryption key matches')
  await search.press('Enter')
  await expect(page.locator('[data-testid^="recipient-chip-"]')).toHaveCount(0)
  await expect(page.getByTestId('files-missing')).toHaveText('Choose at least one recipient key.')
  await expect(files.start).toBeDisabled()
  // Backspace on an empty box with no chips does nothing harmful.
  await search.fill('')
  await search.press('Backspace')
  await expect(files.start).toBeDisabled()

  await files.addRecipient('dr-escrow')
  await files.addRecipient('payments-api')
  await page.getByTestId('set-name').fill('with a doomed key')
  await page.getByTestId('set-save').click()
  await expect(page.getByTestId('set-select')).toHaveValue('with a doomed key')
  // A set without a name cannot be saved.
  await page.getByTestId('set-name').fill('   ')
  await expect(page.getByTestId('set-save')).toBeDisabled()

  const client = await bridge.core.workspace.client()
  const doomed = (await client.listKeys('nl-02')).find((k) => k.name === 'dr-escrow')
  await client.disable('nl-02', doomed?.identity ?? '')
  await page.reload()
  await files.open()
  await page.getByTestId('set-select').selectOption('with a doomed key')
  await page.getByTestId('set-apply').click()
  await expect(page.getByTestId('set-missing')).toContainText('nl-02/dr-escrow')
  await expect(page.locator('[data-testid^="recipient-chip-"]')).toHaveCount(1)
})
