import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { expect, test } from './fixtures'
import { FilesPage } from './pages/files-page'
import { bridgeOf, seedKeys } from './pages/keys-bridge'

let dir: string
test.beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tkms-sigfmt-e2e-'))
})
test.afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const FORMATS = ['sig-json', 'raw', 'jws'] as const
const SUFFIX = { 'sig-json': '.sig.json', raw: '.sig', jws: '.jws' } as const

/** Signs `doc` in `format` with the key whose option label is `label`, and waits for the result. */
async function sign(files: FilesPage, doc: string, label: string, format: (typeof FORMATS)[number]): Promise<void> {
  await files.operation('sign').check()
  await files.drop([doc])
  await files.page.getByTestId('sign-key').selectOption({ label })
  await files.page.getByTestId('signature-format').selectOption(format)
  await files.start.click()
  // This file's own row: the panel may still show the previous signing's row as done.
  const row = files.page.getByTestId('results-panel').locator(`[data-testid="result"][data-name="${basename(doc)}"]`)
  await expect(row.getByTestId('result-state')).toHaveText('done')
}

test('the app signs in each format (.sig.json, raw, JWS) and verifies all three, with a report for each', async ({
  app
}) => {
  test.setTimeout(180_000)
  const bridge = bridgeOf(app.bridge)
  await seedKeys(bridge, 'nl-01', [{ name: 'fmt-signer', keyType: 'ecdsa-p256' }])
  const files = new FilesPage(app.page)
  await files.open()
  const docs = Object.fromEntries(FORMATS.map((f) => [f, join(dir, `release-${f}.tar`)])) as Record<
    (typeof FORMATS)[number],
    string
  >
  for (const f of FORMATS) {
    await writeFile(docs[f], `release bytes for ${f}`)
    await sign(files, docs[f], 'fmt-signer (nl-01 · ecdsa-p256)', f)
  }
  expect(JSON.parse(await readFile(`${docs['sig-json']}.sig.json`, 'utf8'))).toMatchObject({
    format: 'thalassa-kms-signature'
  })
  expect((await readFile(`${docs.raw}.sig`))[0]).toBe(0x30) // DER SEQUENCE, what openssl dgst -verify reads
  expect(await readFile(`${docs.jws}.jws`, 'utf8')).toMatch(/^[\w-]+\.\.[\w-]+\n$/)

  // One verify run for all three: each file finds its signature beside it, by name and content.
  await files.operation('verify').check()
  await expect(app.page.getByTestId('verify-formats')).toContainText('name.jws or name.sig')
  await app.page.getByTestId('verify-key').selectOption({ label: 'fmt-signer (nl-01 · ecdsa-p256)' })
  await files.drop(FORMATS.map((f) => docs[f]))
  await files.start.click()
  const results = app.page.getByTestId('results-panel')
  for (const f of FORMATS) {
    const r = results.locator(`[data-testid="result"][data-name="release-${f}.tar"]`)
    await expect(r.getByTestId('result-state')).toHaveText('valid')
    await expect(r.getByTestId('result-report')).toHaveAttribute('data-valid', 'true')
    await expect(r.getByTestId('result-report-signer')).toContainText('fmt-signer')
    await expect(r.getByTestId('result-report-version')).toHaveText('nl-01 · version 1 (latest 1)')
    await expect(r.getByTestId('result-report-state')).toHaveText('active')
  }
  const raw = results.locator('[data-testid="result"][data-name="release-raw.tar"]')
  await expect(raw.getByTestId('result-report-method')).toContainText('raw ECDSA')
  await expect(raw.getByTestId('result-report-signed-at')).toContainText('a raw or JWS signature carries no time')
  await expect(raw.getByTestId('result-report-fingerprint')).toBeVisible()
  const jws = results.locator('[data-testid="result"][data-name="release-jws.tar"]')
  await expect(jws.getByTestId('result-report-method')).toContainText('JWS ES256')
  await expect(jws.getByTestId('result-report-hash')).toContainText('sha256')
  await app.screenshot('files-verify-formats')
})

test('a tampered raw signature, a JWS whose kid names another key, and a raw signature with no key chosen are refused with a clear message', async ({
  app
}) => {
  test.setTimeout(180_000)
  const bridge = bridgeOf(app.bridge)
  await seedKeys(bridge, 'nl-01', [
    { name: 'fmt-one', keyType: 'ecdsa-p256' },
    { name: 'fmt-two', keyType: 'ecdsa-p256' }
  ])
  const files = new FilesPage(app.page)
  await files.open()
  const tampered = join(dir, 'tampered.bin')
  const foreign = join(dir, 'foreign.bin')
  await writeFile(tampered, 'payload one')
  await writeFile(foreign, 'payload two')
  await sign(files, tampered, 'fmt-one (nl-01 · ecdsa-p256)', 'raw')
  await sign(files, foreign, 'fmt-two (nl-01 · ecdsa-p256)', 'jws')
  // Flip one bit inside the signature value (the last byte of s), keeping it DER.
  const sig = await readFile(`${tampered}${SUFFIX.raw}`)
  sig[sig.length - 1] = (sig[sig.length - 1] ?? 0) ^ 0x01
  await writeFile(`${tampered}${SUFFIX.raw}`, sig)

  await files.operation('verify').check()
  // No key chosen: a raw signature names none, so nothing is guessed.
  await app.page.getByTestId('verify-key').selectOption('')
  await files.drop([tampered])
  await files.start.click()
  const results = app.page.getByTestId('results-panel')
  const one = (name: string) => results.locator(`[data-testid="result"][data-name="${name}"]`)
  await expect(one('tampered.bin').getByTestId('result-state')).toHaveText('failed')
  await expect(one('tampered.bin').getByTestId('error-panel')).toContainText('does not name the key that made it')

  await app.page.getByTestId('verify-key').selectOption({ label: 'fmt-one (nl-01 · ecdsa-p256)' })
  await files.drop([tampered, foreign])
  await files.start.click()
  await expect(one('tampered.bin').getByTestId('result-state')).toHaveText('not valid')
  await expect(one('tampered.bin').getByTestId('result-report-result')).toContainText(
    'The raw signature does not match this file'
  )
  await expect(one('foreign.bin').getByTestId('result-state')).toHaveText('not valid')
  await expect(one('foreign.bin').getByTestId('result-report-result')).toContainText(
    'The JWS was signed by another key'
  )
  await expect(one('foreign.bin').getByTestId('result-report-result')).toContainText('Choose the key that signed it')
})
