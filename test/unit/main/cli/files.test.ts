import { randomBytes } from 'node:crypto'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_CREDENTIALS as C } from '../../../../src-main/sandbox'
import { closeSharedPool, decryptFile, encryptFile, kmsDataKeyWrapper } from '../../../../src-main/services/files'
import { KmsClient } from '../../../../src-main/services/kms/client'
import { patAuth } from '../../../../src-main/services/profiles/auth'
import { errorOf, ok, setup } from './helpers'

let t: Awaited<ReturnType<typeof setup>>
let client: KmsClient
let recipients: { region: string; identity: string; slug: string }[]
beforeAll(async () => {
  t = await setup()
  const made = await Promise.all([
    t.run(['--output', 'json', 'keys', 'create', 'files-a', '--type', 'aes256-gcm96']),
    t.run(['--output', 'json', '--region', 'nl-02', 'keys', 'create', 'files-b', '--type', 'chacha20-poly1305']),
    t.run(['keys', 'create', 'files-sign', '--type', 'ecdsa-p256']),
    t.run(['keys', 'create', 'files-mac', '--type', 'hmac'])
  ])
  const [a, b] = made
    .slice(0, 2)
    .map((r) => (r.code === 0 ? r.json<{ identity: string; slug: string }>() : { identity: '', slug: '' }))
  recipients = [
    { region: 'nl-01', identity: a?.identity ?? '', slug: 'files-a' },
    { region: 'nl-02', identity: b?.identity ?? '', slug: 'files-b' }
  ]
  client = new KmsClient({ endpoint: t.sandbox.url, organisation: C.organisation, auth: patAuth(C.adminPat) })
}, 90_000)
afterAll(async () => {
  await client?.close()
  await closeSharedPool()
  await t?.cleanup()
})

const j = (args: string[]) => t.run(['--output', 'json', ...args])

describe('tkms files', { timeout: 120_000 }, () => {
  it('encrypts to two keys in two regions; the app engine decrypts it; the CLI decrypts what the engine wrote', async () => {
    const data = randomBytes(300_000)
    const src = join(t.dir, 'report.pdf')
    await writeFile(src, data)
    const enc = ok(
      await j(['files', 'encrypt', src, '--key', 'files-a', '--key', 'nl-02/files-b', '--store-name'])
    ).json<{ output: string; bytes: number }[]>()
    expect(enc).toEqual([{ input: src, output: `${src}.tkms`, bytes: data.length }])
    const info = ok(await j(['files', 'info', `${src}.tkms`])).json<{ recipients: unknown[]; hasName: boolean }>()
    expect(info).toMatchObject({ recipients, hasName: true, plaintextSize: data.length })
    const wrapper = kmsDataKeyWrapper(async () => client)
    const viaApp = await decryptFile({ input: `${src}.tkms`, output: join(t.dir, 'app-out.pdf'), wrapper })
    expect(await readFile(viaApp.output)).toEqual(data)

    const other = join(t.dir, 'notes.txt')
    await writeFile(other, 'written by the app engine')
    await encryptFile({
      input: other,
      output: join(t.dir, 'from-app.tkms'),
      recipients: [recipients[1] as (typeof recipients)[number]],
      wrapper
    })
    const dec = ok(
      await j(['files', 'decrypt', join(t.dir, 'from-app.tkms'), '--out', join(t.dir, 'cli-out.txt')])
    ).json<{ output: string; recipient: { slug: string } }[]>()
    expect(dec[0]?.recipient.slug).toBe('files-b')
    expect(await readFile(join(t.dir, 'cli-out.txt'), 'utf8')).toBe('written by the app engine')
    expect((await stat(join(t.dir, 'cli-out.txt'))).mode & 0o777).toBe(0o600)
  })

  it('decrypts to the default name, refuses to overwrite without --force, re-encrypts, and reports tampering (exit 3)', async () => {
    const src = join(t.dir, 'data.csv')
    await writeFile(src, 'a,b\n1,2\n')
    ok(await t.run(['files', 'encrypt', src, '--key', 'files-a']))
    const noForce = await j(['files', 'decrypt', `${src}.tkms`])
    expect(noForce.code).toBe(3)
    expect(errorOf(noForce)).toMatchObject({ code: 'exists', hint: expect.any(String) })
    ok(await t.run(['files', 'decrypt', `${src}.tkms`, '--out-dir', join(t.dir), '--force']))
    expect(await readFile(src, 'utf8')).toBe('a,b\n1,2\n')
    ok(await t.run(['files', 'reencrypt', `${src}.tkms`, '--out', join(t.dir, 're.tkms'), '--key', 'nl-02/files-b']))
    const re = ok(await j(['files', 'info', join(t.dir, 're.tkms')])).json<{ recipients: { slug: string }[] }>()
    expect(re.recipients.map((r) => r.slug)).toEqual(['files-b'])
    const bytes = await readFile(`${src}.tkms`)
    const last = bytes.length - 1
    bytes[last] = (bytes[last] ?? 0) ^ 1
    await writeFile(join(t.dir, 'tampered.tkms'), bytes)
    const tampered = await j(['files', 'decrypt', join(t.dir, 'tampered.tkms'), '--out', join(t.dir, 'never.csv')])
    expect(tampered.code).toBe(3)
    expect(errorOf(tampered).code).toBe('integrity')
    await expect(stat(join(t.dir, 'never.csv'))).rejects.toThrow()
    const several = await t.run([
      'files',
      'encrypt',
      src,
      join(t.dir, 'notes.txt'),
      '--key',
      'files-a',
      '--out',
      'x.tkms'
    ])
    expect(several.code).toBe(1)
  })

  it('signs and verifies online and offline with the public key; HMACs and verifies', async () => {
    const doc = join(t.dir, 'contract.txt')
    await writeFile(doc, 'we agree')
    const signed = ok(await j(['files', 'sign', doc, '--key', 'files-sign', '--hash', 'sha384'])).json<{
      output: string
      signature: { key: { slug: string } }
    }>()
    expect(signed.output).toBe(`${doc}.sig.json`)
    const pem = join(t.dir, 'files-sign.pem')
    ok(await t.run(['keys', 'public-key', 'files-sign', '--out', pem]))
    // Offline: no profile that works, so no network is possible.
    const offlineEnv = { ...t.env, TKMS_DATA_DIR: join(t.dir, 'offline-data') }
    const { tkms } = await import('./helpers')
    const [online, offline] = await Promise.all([
      j(['files', 'verify', doc]),
      tkms(['--output', 'json', 'files', 'verify', doc, '--public-key', pem], { env: offlineEnv })
    ])
    expect(ok(online).json()).toMatchObject({ valid: true, key: { slug: 'files-sign' } })
    expect(ok(offline).json()).toMatchObject({ valid: true })
    await writeFile(doc, 'we disagree')
    const [badOnline, badOffline] = await Promise.all([
      j(['files', 'verify', doc]),
      tkms(['files', 'verify', doc, '--public-key', pem], { env: offlineEnv })
    ])
    expect(badOnline.code).toBe(3)
    expect(badOnline.json()).toMatchObject({ valid: false, reason: expect.stringContaining('does not match') })
    expect(badOffline.code).toBe(3)
    expect(badOffline.stdout).toMatch(/^NOT valid/)
    ok(await t.run(['files', 'hmac', doc, '--key', 'files-mac']))
    ok(await t.run(['files', 'verify-hmac', doc]))
    await writeFile(doc, 'changed again')
    expect((await t.run(['files', 'verify-hmac', doc])).code).toBe(3)
    const again = await j(['files', 'hmac', doc, '--key', 'files-mac'])
    expect(again.code).toBe(3)
    expect(errorOf(again).code).toBe('exists')
  })
})
