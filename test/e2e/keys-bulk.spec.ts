import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encryptFile, kmsDataKeyWrapper } from '../../src-main/services/files'
import { expect, test } from './fixtures'
import { violationsNow } from './pages/axe'
import { KeysPage } from './pages/keys'
import { bridgeOf, seedKeys } from './pages/keys-bridge'

test('bulk: select three keys (click, shift-click), disable them, see each outcome', async ({ app }) => {
  const bridge = bridgeOf(app.bridge)
  await seedKeys(
    bridge,
    'nl-01',
    ['bulk-a', 'bulk-b', 'bulk-c', 'bulk-d'].map((name) => ({ name, keyType: 'aes256-gcm96' as const }))
  )
  const keys = new KeysPage(app.page)
  await keys.open()
  await keys.search.fill('bulk-')
  await expect(keys.row('bulk-d')).toBeVisible()
  await keys.row('bulk-a').getByTestId('key-select').click()
  await keys
    .row('bulk-c')
    .getByTestId('key-select')
    .click({ modifiers: ['Shift'] })
  await expect(app.page.getByTestId('bulk-count')).toHaveText('3 selected')
  await expect(app.page.getByTestId('bulk-bar')).toContainText('Labels cannot be changed')
  await app.page.getByTestId('bulk-disable').click()
  const dialog = app.page.getByTestId('bulk-dialog')
  await expect(dialog.getByTestId('bulk-scope')).toHaveText(/ · nl-01$/)
  expect(await violationsNow(app.page)).toEqual([])
  await dialog.getByTestId('bulk-start').click()
  await expect(dialog.getByTestId('bulk-summary')).toContainText('Finished. 3 done, 0 already as asked, 0 failed')
  for (const name of ['bulk-a', 'bulk-b', 'bulk-c'])
    await expect(dialog.locator(`[data-testid="bulk-result"][data-key="${name}"]`)).toHaveAttribute(
      'data-outcome',
      'done'
    )
  await app.screenshot('keys-bulk-disable')
  await dialog.getByTestId('bulk-close').click()
  const client = await bridge.core.workspace.client()
  const status = new Map((await client.listKeys('nl-01')).map((k) => [k.name, k.status]))
  expect([status.get('bulk-a'), status.get('bulk-b'), status.get('bulk-c'), status.get('bulk-d')]).toEqual([
    'disabled',
    'disabled',
    'disabled',
    'active'
  ])
  await expect(keys.row('bulk-b').getByTestId('status-badge')).toHaveText('disabled')
})

test('bulk: scheduling deletion refuses a wrong typed count, then runs with the right one', async ({ app }) => {
  const bridge = bridgeOf(app.bridge)
  await seedKeys(
    bridge,
    'nl-01',
    ['old-1', 'old-2', 'keep-1'].map((name) => ({ name, keyType: 'aes256-gcm96' as const }))
  )
  const keys = new KeysPage(app.page)
  await keys.open()
  await keys.search.fill('old-')
  await expect(keys.rows).toHaveCount(2)
  await app.page.getByTestId('key-select').first().click()
  await app.page.getByTestId('bulk-select-all').click()
  await expect(app.page.getByTestId('bulk-count')).toHaveText('2 selected')
  await app.page.getByTestId('bulk-delete').click()
  const dialog = app.page.getByTestId('bulk-dialog')
  // The scope shows once the plan is in ('…' until then).
  await expect(dialog.getByTestId('bulk-scope')).toHaveText(/·/)
  const scope = (await dialog.getByTestId('bulk-scope').textContent()) ?? ''
  await dialog.getByTestId('bulk-confirm-count').fill('3')
  await dialog.getByTestId('bulk-confirm-scope').fill(scope)
  await dialog.getByTestId('bulk-start').click()
  await expect(dialog.getByTestId('error-panel')).toContainText('typed count 3 does not match the 2 keys')
  const client = await bridge.core.workspace.client()
  expect((await client.listKeys('nl-01')).every((k) => k.status === 'active')).toBe(true)
  await dialog.getByTestId('bulk-confirm-count').fill('2')
  await dialog.getByTestId('bulk-start').click()
  await expect(dialog.getByTestId('bulk-summary')).toContainText('2 done')
  const status = new Map((await client.listKeys('nl-01')).map((k) => [k.name, k.status]))
  expect([status.get('old-1'), status.get('old-2'), status.get('keep-1')]).toEqual([
    'pending_deletion',
    'pending_deletion',
    'active'
  ])
})

test('re-encrypt files that use a key: only the files on an old version are rewritten', async ({ app }) => {
  const bridge = bridgeOf(app.bridge)
  const dir = await mkdtemp(join(tmpdir(), 'tkms-e2e-reenc-'))
  try {
    const [oldKey, other] = await seedKeys(bridge, 'nl-01', [
      { name: 'archive-key', keyType: 'aes256-gcm96' },
      { name: 'other-key', keyType: 'aes256-gcm96' }
    ])
    const client = await bridge.core.workspace.client()
    const w = kmsDataKeyWrapper(async () => client)
    for (const [name, k] of [
      ['a', oldKey],
      ['b', oldKey],
      ['c', other]
    ] as const) {
      await writeFile(join(dir, `${name}.txt`), `file ${name}`)
      await encryptFile({
        input: join(dir, `${name}.txt`),
        output: join(dir, `${name}.txt.tkms`),
        recipients: [{ region: 'nl-01', identity: k!.identity, slug: k!.slug }],
        wrapper: w
      })
    }
    await client.rotate('nl-01', oldKey!.identity)
    const untouched = await readFile(join(dir, 'c.txt.tkms'))
    const untouchedTime = (await stat(join(dir, 'c.txt.tkms'))).mtimeMs
    bridge.platform.chooseOpenPaths = async () => [dir]

    const keys = new KeysPage(app.page)
    await keys.open()
    await keys.row('archive-key').click()
    await keys.detail.getByTestId('reencrypt-files').click()
    const dialog = app.page.getByTestId('reencrypt-dialog')
    await expect(dialog.getByTestId('reencrypt-start')).toBeDisabled()
    await dialog.getByTestId('reencrypt-pick').click()
    await expect(dialog.getByTestId('reencrypt-folder')).toHaveText(dir)
    await dialog.getByTestId('reencrypt-find').click()
    await expect(dialog.getByTestId('reencrypt-found')).toContainText(
      '2 files to re-encrypt; 1 other encrypted file left alone'
    )
    await dialog.getByTestId('reencrypt-start').click()
    await expect(dialog.getByTestId('reencrypt-report')).toContainText('Finished. 2 re-encrypted, 0 failed')
    await app.screenshot('keys-reencrypt-files')
    // Searching again finds nothing left on the old version; the other file is byte-for-byte the same.
    await dialog.getByTestId('reencrypt-close').click()
    await keys.detail.getByTestId('reencrypt-files').click()
    await dialog.getByTestId('reencrypt-pick').click()
    await dialog.getByTestId('reencrypt-find').click()
    await expect(dialog.getByTestId('reencrypt-found')).toContainText('0 files to re-encrypt')
    expect((await readFile(join(dir, 'c.txt.tkms'))).equals(untouched)).toBe(true)
    expect((await stat(join(dir, 'c.txt.tkms'))).mtimeMs).toBe(untouchedTime)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
