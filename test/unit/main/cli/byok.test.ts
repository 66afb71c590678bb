import { access, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliEnv, errorOf, ok, setup, tkms } from './helpers'
import { presetTestWrappingKey } from '../../../support/wrapping-key'

let t: Awaited<ReturnType<typeof setup>>
beforeAll(async () => {
  t = await setup()
  await presetTestWrappingKey(t.sandbox)
}, 60_000)
afterAll(async () => t?.cleanup())

describe('tkms byok', { timeout: 180_000 }, () => {
  it('air-gapped round trip: save the wrapping key online, prepare with no network, import online', async () => {
    const wk = join(t.dir, 'nl-01.wrapping-key.json')
    const saved = ok(
      await t.run(['--output', 'json', '--region', 'nl-01', 'byok', 'wrapping-key', 'save', '--out', wk])
    ).json<{ fingerprint: string; rsaBits: number }>()
    expect(saved.rsaBits).toBe(4096)
    expect(JSON.parse(await readFile(wk, 'utf8'))).toMatchObject({
      format: 'thalassa-kms-wrapping-key',
      region: 'nl-01',
      fingerprint: saved.fingerprint
    })

    // The offline workstation: its own data folder whose only profile points at a closed port, and
    // a proxy that does not exist: any network use would fail the command.
    const offlineDir = join(t.dir, 'offline')
    const offlineEnv = cliEnv(offlineDir, { HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' })
    const off = (args: string[], input?: string) =>
      tkms(args, { env: offlineEnv, cwd: t.dir, ...(input ? { input } : {}) })
    ok(
      await off(
        [
          'profiles',
          'add',
          'dead',
          '--endpoint',
          'http://127.0.0.1:9',
          '--organisation',
          'x',
          '--secret-stdin',
          '--use'
        ],
        'tok\n'
      )
    )
    const bundle = join(t.dir, 'dnssec.byok.json')
    const backup = join(t.dir, 'dnssec-backup.pem')
    const prep = await off([
      '--output',
      'json',
      'byok',
      'prepare',
      '--wrapping-key',
      wk,
      '--key-type',
      'ecdsa-p256',
      '--generate',
      '--name',
      'dnssec-example-org',
      '--description',
      'KSK',
      '--label',
      'zone=example.org',
      '--hash',
      'sha256',
      '--backup',
      backup,
      '--out',
      bundle
    ])
    const prepared = ok(prep).json<{
      path: string
      region: string
      wrappingKeyFingerprint: string
      publicKeyFingerprint: string
      keyType: string
    }>()
    expect(prepared).toMatchObject({
      path: bundle,
      region: 'nl-01',
      keyType: 'ecdsa-p256',
      wrappingKeyFingerprint: saved.fingerprint
    })
    expect(prep.stdout).not.toContain('importKeyMaterial')
    expect(prep.stderr).toContain('backup written')
    expect((await stat(bundle)).mode & 0o777).toBe(0o600)
    expect((await stat(backup)).mode & 0o777).toBe(0o600)
    expect(await readFile(backup, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/)
    await expect(access(join(offlineDir, 'sandbox'))).rejects.toThrow() // no embedded sandbox was started

    const noOverwrite = await off([
      'byok',
      'prepare',
      '--wrapping-key',
      wk,
      '--key-type',
      'aes256-gcm96',
      '--generate',
      '--name',
      'x',
      '--out',
      bundle
    ])
    expect(noOverwrite.code).toBe(3)

    const inspect = ok(await t.run(['--output', 'json', 'byok', 'inspect', bundle])).json()
    expect(inspect).toMatchObject({
      name: 'dnssec-example-org',
      labels: { zone: 'example.org' },
      wrappedBytes: expect.any(Number)
    })
    const imported = ok(await t.run(['--output', 'json', 'byok', 'import', bundle])).json<{
      ok: boolean
      imported: boolean
      key: { name: string }
      publicKeyCheck: { match: boolean; localFingerprint: string }
    }>()
    expect(imported).toMatchObject({
      ok: true,
      imported: true,
      key: { name: 'dnssec-example-org' },
      publicKeyCheck: { match: true, localFingerprint: prepared.publicKeyFingerprint }
    })
  })

  it('refuses tampered bundles (3), HMAC types and another region (1); imports in one step', async () => {
    const wk = join(t.dir, 'wk2.json')
    ok(await t.run(['byok', 'wrapping-key', 'save', '--out', wk]))
    const bundle = join(t.dir, 'sym.byok.json')
    ok(
      await t.run([
        'byok',
        'prepare',
        '--wrapping-key',
        wk,
        '--key-type',
        'aes256-gcm96',
        '--generate',
        '--name',
        'sym-imported',
        '--allow-rotation',
        '--out',
        bundle
      ])
    )
    const json = JSON.parse(await readFile(bundle, 'utf8')) as Record<string, unknown>
    await writeFile(join(t.dir, 'edited.byok.json'), JSON.stringify({ ...json, name: 'renamed' }))
    const [tampered, hmac, otherRegion, neither] = await Promise.all([
      t.run(['--output', 'json', 'byok', 'import', join(t.dir, 'edited.byok.json')]),
      t.run([
        '--output',
        'json',
        'byok',
        'prepare',
        '--wrapping-key',
        wk,
        '--key-type',
        'hmac-sha256',
        '--generate',
        '--name',
        'm',
        '--out',
        join(t.dir, 'm.json')
      ]),
      t.run(['--output', 'json', '--region', 'nl-02', 'byok', 'import', bundle]),
      t.run([
        'byok',
        'prepare',
        '--wrapping-key',
        wk,
        '--key-type',
        'aes256-gcm96',
        '--name',
        'n',
        '--out',
        join(t.dir, 'n.json')
      ])
    ])
    expect(tampered.code).toBe(3)
    expect(errorOf(tampered)).toMatchObject({
      code: 'integrity',
      message: expect.stringContaining('modified or corrupted')
    })
    expect(hmac.code).toBe(1)
    expect(errorOf(hmac).message).toContain('does not import HMAC keys')
    expect(otherRegion.code).toBe(1)
    expect(errorOf(otherRegion).message).toContain('made for region nl-01')
    expect(neither.code).toBe(1)
    ok(await t.run(['byok', 'import', bundle]))
    const key = ok(await t.run(['--output', 'json', 'keys', 'get', 'sym-imported'])).json()
    expect(key).toMatchObject({ imported: true, keyType: 'aes256-gcm96' })
    const material = join(t.dir, 'ed.pem')
    const { generateKeyPairSync } = await import('node:crypto')
    await writeFile(material, generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }))
    const now = ok(
      await t.run([
        '--output',
        'json',
        '--region',
        'nl-02',
        'byok',
        'import-now',
        '--key-type',
        'ed25519',
        '--material',
        material,
        '--name',
        'ed-now'
      ])
    ).json()
    expect(now).toMatchObject({ ok: true, region: 'nl-02', publicKeyCheck: { match: true } })
  })
})
