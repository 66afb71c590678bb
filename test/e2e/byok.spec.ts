import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fetchWrappingKey, saveWrappingKeyFile } from '../../src-main/services/byok'
import { expect, test } from './fixtures'
import { violationsNow } from './pages/axe'
import { ByokPage, dialogQueues, watchKmsOperations } from './pages/byok-page'
import { presetWrappingKey } from './pages/wrapping-key'

// Two machines' worth of steps plus axe runs: a generous budget for a busy 2-core runner.
test.describe.configure({ timeout: 180_000 })

let dir: string
test.beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tkms-byok-e2e-'))
})
test.afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

test('offline wizard writes a bundle with the KMS unreachable, then the online wizard imports it', async ({ app }) => {
  test.skip(app.bridge === undefined, 'the dialogs are answered by the test bridge')
  const bridge = app.bridge!
  const { page } = app
  const ui = new ByokPage(page)
  const dialogs = dialogQueues(bridge)

  // The wrapping-key file, as the online machine would have saved it.
  await presetWrappingKey(bridge)
  const wkPath = join(dir, 'nl-01.wrapping-key.json')
  const client = await bridge.core.workspace.client()
  await saveWrappingKeyFile(
    wkPath,
    (await fetchWrappingKey(client, 'nl-01', { endpoint: bridge.core.sandbox.url, organisation: 'sandbox' })).file
  )
  const wkFingerprint = (JSON.parse(await readFile(wkPath, 'utf8')) as { fingerprint: string }).fingerprint

  await ui.open()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bring your own key')

  // Offline: the KMS answers every request with 503, and no KMS operation may even be attempted.
  bridge.core.sandbox.setFaults({ errorRate: 1 })
  const kmsOps = watchKmsOperations(bridge)
  await ui.step(2).click()
  await expect(ui.byId('byok-machine')).toHaveAttribute('data-machine', 'offline')
  await expect(ui.byId('byok-offline-hints')).toBeVisible()
  dialogs.open.push([wkPath])
  await ui.byId('byok-load-wk').click()
  await expect(ui.byId('byok-wk-fingerprint')).toHaveText(wkFingerprint)
  await expect(ui.byId('byok-wk-bits')).toHaveText('RSA-4096')
  // Guard: nothing is wrapped under a key whose fingerprint was not compared, or does not match.
  await expect(ui.byId('byok-wk-unconfirmed')).toBeVisible()
  await expect(ui.byId('byok-key-type')).toHaveCount(0)
  const wrong = wkFingerprint.replace(/^../, wkFingerprint.startsWith('00') ? '11' : '00')
  await ui.byId('byok-wk-compare-input').fill(wrong)
  await expect(ui.byId('byok-wk-compare-result')).toContainText('Mismatch at group 1')
  await expect(ui.byId('byok-wk-confirm')).toBeDisabled()
  await expect(ui.byId('byok-key-type')).toHaveCount(0)
  // Grouped and case-free: what one reads aloud or types from paper matches.
  await ui.byId('byok-wk-compare-input').fill(wkFingerprint.replaceAll(':', ' ').toUpperCase())
  await expect(ui.byId('byok-wk-compare-result')).toContainText('Match')
  await expect(ui.byId('byok-check-wk-confirmed')).toHaveAttribute('data-done', 'true')
  // Writing a bundle on the offline machine touches no KMS: no context line claims a target.
  await expect(ui.byId('byok-write-bundle')).toBeVisible()
  await expect(ui.byId('context-line')).toHaveCount(0)

  await expect(ui.byId('byok-key-type').locator('option[value="hmac-sha256"]')).toBeDisabled()
  await expect(ui.byId('byok-hmac-note')).toContainText('does not import HMAC keys')
  await ui.byId('byok-key-type').selectOption('ecdsa-p256')
  await ui.byId('byok-generate').click()
  await expect(ui.byId('byok-material')).toContainText('ecdsa-p256')
  const materialFingerprint = (await ui.byId('byok-material-fingerprint').textContent()) ?? ''
  expect(materialFingerprint).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/)

  const backupPath = join(dir, 'backup.pem')
  dialogs.save.push(backupPath)
  await ui.byId('byok-backup').click()
  await expect(ui.byId('byok-backup-path')).toContainText(backupPath)
  await expect(ui.byId('byok-backup-warning')).toContainText('plaintext')
  expect((await stat(backupPath)).mode & 0o777).toBe(0o600)

  const name = `e2e-byok-${Date.now()}`
  await ui.byId('byok-name').fill(name)
  await ui.byId('byok-labels').fill('zone=example.org')
  await ui.byId('byok-allow-rotation').check()
  await app.screenshot('byok-offline-prepare')
  expect(await violationsNow(page)).toEqual([])

  const bundlePath = join(dir, `${name}.byok.json`)
  dialogs.save.push(bundlePath)
  await ui.byId('byok-write-bundle').click()
  await expect(ui.byId('byok-bundle-path')).toContainText(bundlePath)
  await expect(ui.byId('byok-bundle-fingerprint')).toHaveText(materialFingerprint)
  await expect(ui.byId('byok-bundle-wk-fingerprint')).toHaveText(wkFingerprint)
  await expect(ui.byId('byok-progress')).toHaveText('(5 of 5 done)')
  await app.screenshot('byok-offline-bundle')
  expect(kmsOps).toEqual([])
  const bundle = JSON.parse(await readFile(bundlePath, 'utf8')) as Record<string, unknown>
  expect(bundle).toMatchObject({
    format: 'thalassa-kms-byok-bundle',
    region: 'nl-01',
    keyType: 'ecdsa-p256',
    name,
    allowRotation: true,
    labels: { zone: 'example.org' }
  })
  expect(await page.content()).not.toContain(String(bundle['importKeyMaterial']).slice(0, 32))

  // Online again: import the bundle.
  bridge.core.sandbox.setFaults({ errorRate: 0 })
  await ui.byId('byok-next-3').click()
  await expect(ui.byId('byok-machine')).toHaveAttribute('data-machine', 'online')
  await expect(ui.byId('byok-bundle')).toHaveCount(0)
  dialogs.open.push([bundlePath])
  await ui.byId('byok-load-bundle').click()
  await expect(ui.byId('byok-bundle-name')).toContainText(name)
  await ui.byId('byok-import-bundle').click()
  await expect(ui.byId('byok-report')).toHaveAttribute('data-ok', 'true')
  await expect(ui.byId('byok-report-imported')).toHaveText('true')
  await expect(ui.byId('byok-report-local-fingerprint')).toHaveText(materialFingerprint)
  await expect(ui.byId('byok-report-remote-fingerprint')).toHaveText(materialFingerprint)
  await app.screenshot('byok-import-report')
  expect(kmsOps).toEqual(['byok:import-bundle'])

  const key = (await client.listKeys('nl-01')).find((k) => k.name === name)
  expect(key).toMatchObject({ imported: true, keyType: 'ecdsa-p256' })

  await page.emulateMedia({ colorScheme: 'dark' })
  expect(await violationsNow(page)).toEqual([])
  await app.screenshot('byok-import-report-dark')
})

test('one-step online import, and the wrapping key saved for an offline workstation', async ({ app }) => {
  test.skip(app.bridge === undefined, 'the dialogs are answered by the test bridge')
  const bridge = app.bridge!
  const { page } = app
  const ui = new ByokPage(page)
  const dialogs = dialogQueues(bridge)
  await presetWrappingKey(bridge)
  await ui.open()

  await expect(ui.byId('byok-machine')).toContainText('Step 1 of 3')
  await ui.byId('byok-fetch-wk').click()
  const fp = (await ui.byId('byok-wk-fingerprint').textContent()) ?? ''
  const wkPath = join(dir, 'saved.wrapping-key.json')
  dialogs.save.push(wkPath)
  await ui.byId('byok-save-wk').click()
  await expect(ui.byId('byok-wk-saved')).toContainText(wkPath)
  expect(JSON.parse(await readFile(wkPath, 'utf8'))).toMatchObject({ region: 'nl-01', fingerprint: fp, rsaBits: 4096 })
  await expect(ui.byId('byok-wk-aloud')).toContainText('16 groups of four')
  await app.screenshot('byok-wrapping-key')

  // Step 2 on the same (online) machine: it starts afresh, the key is fetched here.
  await ui.byId('byok-next-2').click()
  await expect(ui.byId('byok-wrapping-key')).toHaveCount(0)
  await ui.byId('byok-fetch-wk').click()
  await expect(ui.byId('byok-wk-fingerprint')).toHaveText(fp)
  await expect(ui.byId('byok-wk-direct')).toBeVisible()
  await ui.byId('byok-key-type').selectOption('aes256-gcm96')
  await ui.byId('byok-generate').click()
  await expect(ui.byId('byok-material')).toContainText('32 bytes')
  await expect(ui.byId('byok-import-now')).toBeDisabled() // no name yet
  // Importing from here acts on the KMS: the write section says where, like every write dialog.
  await expect(ui.byId('context-line')).toContainText('Local sandbox · organisation sandbox · region nl-01')
  await ui.byId('byok-labels').fill('not a label')
  await expect(ui.byId('byok-labels-error')).toBeVisible()
  await ui.byId('byok-labels').fill('')
  const name = `e2e-now-${Date.now()}`
  await ui.byId('byok-name').fill(name)
  await ui.byId('byok-import-now').click()
  await expect(ui.byId('byok-report')).toHaveAttribute('data-ok', 'true')
  await expect(ui.byId('byok-report-imported')).toHaveText('true')
  await expect(ui.byId('byok-report-wk-fingerprint')).toHaveText(fp)
  await app.screenshot('byok-import-now')
  const key = (await (await bridge.core.workspace.client()).listKeys('nl-01')).find((k) => k.name === name)
  expect(key).toMatchObject({ imported: true, keyType: 'aes256-gcm96' })

  // A second run starts clean: no name, labels or material from the first one.
  await ui.step(3).click()
  await ui.step(2).click()
  await ui.byId('byok-fetch-wk').click()
  await expect(ui.byId('byok-name')).toHaveValue('')
  await expect(ui.byId('byok-material')).toHaveCount(0)
  await expect(ui.byId('byok-report')).toHaveCount(0)
})
