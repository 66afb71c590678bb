import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { CryptoPage } from './pages/crypto-page'
import { FilesPage } from './pages/files-page'
import { bridgeOf, fingerprintFromKms, queueSavePaths, seedKeys } from './pages/keys-bridge'
import { expectAxeClean } from './pages/axe'
import { forEachLayout, shotName } from './pages/layouts'

let dir: string
test.beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tkms-report-e2e-'))
})
test.afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Upper-case groups of four, as the report shows them for reading aloud. */
const groups = (fp: string) => (fp.replace(/:/g, '').toUpperCase().match(/.{4}/g) ?? []).join(' ')

forEachLayout((layout) => {
  test.setTimeout(150_000)
  test('a verified file signature names the signer key, version, signing time, hash and key state, with a fingerprint to compare', async ({
    app
  }) => {
    const bridge = bridgeOf(app.bridge)
    const [signer] = await seedKeys(bridge, 'nl-01', [{ name: 'release-signer', keyType: 'ecdsa-p256' }])
    const doc = join(dir, 'release.tar')
    await writeFile(doc, 'release bytes')
    const page = app.page
    const files = new FilesPage(page)
    await files.open()
    await files.operation('sign').check()
    await files.drop([doc])
    await page.getByTestId('sign-key').selectOption({ label: 'release-signer (nl-01 · ecdsa-p256)' })
    await files.start.click()
    await expect(page.getByTestId('results-panel').getByTestId('result-state')).toHaveText('done')
    const sig = JSON.parse(await readFile(`${doc}.sig.json`, 'utf8')) as { createdAt: string; digest: string }

    await files.operation('verify').check()
    await files.drop([`${doc}.sig.json`])
    await files.start.click()
    const report = page.getByTestId('result-report')
    await expect(report).toHaveAttribute('data-valid', 'true')
    await expect(report.getByTestId('result-report-signer')).toContainText('release-signer')
    await expect(report.getByTestId('result-report-version')).toHaveText('nl-01 · version 1 (latest 1)')
    await expect(report.getByTestId('result-report-state')).toHaveText('active')
    await expect(report.getByTestId('result-report-signed-at')).toContainText(sig.createdAt)
    await expect(report.getByTestId('result-report-hash')).toContainText('sha256')
    await expect(report.getByTestId('result-report-digest')).toHaveText(sig.digest)
    const fp = await fingerprintFromKms(bridge, 'nl-01', signer?.identity ?? '', 1)
    await expect(report.getByTestId('result-report-fingerprint')).toHaveText(
      new RegExp(
        groups(fp)
          .split(' ')
          .map((g, i) => `${i + 1}${g}`)
          .join('')
      )
    )

    // Pasted as colon-separated lower case: a match; one digit off: the group is named.
    const compare = report.getByTestId('result-report-compare-input')
    await compare.fill(fp)
    await expect(report.getByTestId('result-report-compare-result')).toHaveAttribute('data-kind', 'match')
    const wrong = `${groups(fp).slice(0, 25)}${groups(fp)[25] === '0' ? '1' : '0'}${groups(fp).slice(26)}`
    await compare.fill(wrong)
    await expect(report.getByTestId('result-report-compare-result')).toContainText('Mismatch at group 6')
    await expectAxeClean(page)
    await app.screenshot(shotName('files-verify-report', layout))

    // Export as JSON through main's save dialog.
    const target = join(dir, 'report.json')
    queueSavePaths(bridge, target)
    await report.getByTestId('result-report-export').click()
    await expect
      .poll(() =>
        readFile(target, 'utf8').then(
          (t) => (JSON.parse(t) as { signer: { name: string } }).signer.name,
          () => ''
        )
      )
      .toBe('release-signer')
  })
})

test('a text signature report: no signing time, stale once the message changes; a changed file is reported invalid', async ({
  app
}) => {
  test.setTimeout(150_000)
  const bridge = bridgeOf(app.bridge)
  await seedKeys(bridge, 'nl-01', [{ name: 'text-signer', keyType: 'ecdsa-p256' }])
  const page = app.page
  const crypto = new CryptoPage(page)
  await crypto.open('sign')
  await crypto.pickKey('text-signer')
  await crypto.fill('sign-input', 'approve payment 42')
  await page.getByTestId('sign-run').click()
  await expect(crypto.value('sign-result')).toContainText(/^thalassa:v1:/)
  await page.getByTestId('verify-run').click()
  const report = page.getByTestId('text-report')
  await expect(report.getByTestId('text-report-signer')).toContainText('text-signer')
  await expect(report.getByTestId('text-report-signed-at')).toContainText('not recorded')
  await expect(report.getByTestId('text-report-state')).toHaveText('active')
  // Not a fingerprint at all: said so, not called a match.
  await report.getByTestId('text-report-compare-input').fill('hello world')
  await expect(report.getByTestId('text-report-compare-result')).toHaveAttribute('data-kind', 'invalid')

  // Editing the message takes the old signature, verdict and report off the screen.
  await crypto.fill('sign-input', 'approve payment 43')
  await expect(page.getByTestId('sign-result')).toHaveCount(0)
  await expect(crypto.outcome).toHaveCount(0)
  await expect(report).toHaveCount(0)

  // A file changed after signing: the report says not valid, and why.
  const doc = join(dir, 'memo.txt')
  await writeFile(doc, 'memo')
  const files = new FilesPage(page)
  await files.open()
  await files.operation('sign').check()
  await files.drop([doc])
  await page.getByTestId('sign-key').selectOption({ label: 'text-signer (nl-01 · ecdsa-p256)' })
  await files.start.click()
  await expect(page.getByTestId('results-panel').getByTestId('result-state')).toHaveText('done')
  await writeFile(doc, 'memo, edited')
  await files.operation('verify').check()
  await files.drop([doc])
  await files.start.click()
  await expect(page.getByTestId('result-report')).toHaveAttribute('data-valid', 'false')
  await expect(page.getByTestId('result-report-result')).toContainText('does not match the signed digest')
})
