import { execFile } from 'node:child_process'
import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, test } from './fixtures'
import { FilesPage } from './pages/files-page'
import { KeysPage } from './pages/keys'
import { bridgeOf, queueSavePaths, seedKeys } from './pages/keys-bridge'

// Standard outputs made in the app and checked by the real openssl (docs/interop.md).
const openssl = promisify(execFile)
let dir: string
test.beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tkms-interop-e2e-'))
})
test.afterEach(async () => {
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
})

test('Files: sign as a raw signature (openssl accepts it) and as a detached JWS with the key thumbprint as kid', async ({
  app
}) => {
  const bridge = bridgeOf(app.bridge)
  const [signer] = await seedKeys(bridge, 'nl-01', [{ name: 'interop-signer', keyType: 'ecdsa-p256' }])
  const pem =
    Object.values((await (await bridge.core.workspace.client()).getPublicKey('nl-01', signer!.identity)).keys)[0] ?? ''
  await writeFile(join(dir, 'pub.pem'), pem)
  const doc = join(dir, 'release.tgz')
  await writeFile(doc, 'release bytes\n'.repeat(1000))
  const files = new FilesPage(app.page)
  await files.open()
  await files.operation('sign').check()
  for (const format of ['raw', 'jws'] as const) {
    await files.drop([doc])
    await files.page.getByTestId('sign-key').selectOption({ label: 'interop-signer (nl-01 · ecdsa-p256)' })
    await files.page.getByTestId('signature-format').selectOption(format)
    await files.start.click()
    // The previous format's job may still be listed as done: wait for this format's own output.
    await expect.poll(() => existsSync(`${doc}.${format === 'raw' ? 'sig' : 'jws'}`)).toBe(true)
    await expect(files.job('release.tgz').first()).toHaveAttribute('data-state', 'ok')
  }
  const { stdout } = await openssl('openssl', [
    'dgst',
    '-sha256',
    '-verify',
    join(dir, 'pub.pem'),
    '-signature',
    `${doc}.sig`,
    doc
  ])
  expect(stdout.trim()).toBe('Verified OK')
  const [h64, , s64] = (await readFile(`${doc}.jws`, 'utf8')).trim().split('.')
  const jwk = createPublicKey(pem).export({ format: 'jwk' })
  const kid = createHash('sha256')
    .update(JSON.stringify({ crv: jwk.crv, kty: 'EC', x: jwk.x, y: jwk.y }))
    .digest('base64url')
  expect(JSON.parse(Buffer.from(h64!, 'base64url').toString())).toEqual({
    alg: 'ES256',
    kid,
    b64: false,
    crit: ['b64']
  })
  const input = Buffer.concat([Buffer.from(`${h64}.`), await readFile(doc)])
  expect(
    nodeVerify(
      'sha256',
      input,
      { key: createPublicKey(pem), dsaEncoding: 'ieee-p1363' },
      Buffer.from(s64!, 'base64url')
    )
  ).toBe(true)
})

test('Keys: "Certificate…" makes a self-signed certificate openssl verifies, and refuses a bad subject', async ({
  app
}) => {
  const bridge = bridgeOf(app.bridge)
  await seedKeys(bridge, 'nl-01', [
    { name: 'tls-key', keyType: 'ecdsa-p256' },
    { name: 'aes-key', keyType: 'aes256-gcm96' }
  ])
  const keys = new KeysPage(app.page)
  await keys.open()
  await keys.openKey('aes-key')
  await expect(keys.detail.getByTestId('certificate-open')).toHaveCount(0)
  await keys.openKey('tls-key')
  await keys.detail.getByTestId('certificate-open').click()
  const dialog = app.page.getByTestId('certificate-dialog')
  await expect(dialog).toBeVisible()
  await dialog.getByTestId('certificate-subject').fill('no equals sign here')
  await dialog.getByTestId('certificate-create').click()
  await expect(dialog).toContainText('Write the subject as NAME=value pairs')
  const target = join(dir, 'tls.crt')
  queueSavePaths(bridge, target)
  await dialog.getByTestId('certificate-self-signed').check()
  await dialog.getByTestId('certificate-subject').fill('CN=tls.example.com, O=Example')
  await dialog.getByTestId('certificate-sans').fill('dns:tls.example.com\nip:192.0.2.9')
  await dialog.getByTestId('certificate-days').fill('90')
  await dialog.getByTestId('certificate-create').click()
  await expect(dialog.getByTestId('certificate-result')).toContainText(`Saved to ${target}`)
  await expect(dialog.getByTestId('certificate-pem')).toContainText('-----BEGIN CERTIFICATE-----')
  const verified = await openssl('openssl', ['verify', '-CAfile', target, target])
  expect(verified.stdout).toContain(': OK')
  const text = (await openssl('openssl', ['x509', '-text', '-noout', '-in', target])).stdout
  expect(text).toMatch(/Subject: CN\s*=\s*tls\.example\.com, O\s*=\s*Example/)
  expect(text).toContain('DNS:tls.example.com')
  expect((await bridge.core.activity.list({ operation: 'keys:self-signed' })).entries.map((e) => e.outcome)).toEqual([
    'ok'
  ])
})
