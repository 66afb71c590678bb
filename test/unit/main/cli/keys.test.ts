import { readFile, stat } from 'node:fs/promises'
import { createPublicKey } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorOf, ok, setup } from './helpers'

type Env = Awaited<ReturnType<typeof setup>>
let t: Env
beforeAll(async () => {
  t = await setup()
}, 60_000)
afterAll(async () => t?.cleanup())

const j = (args: string[], input?: string) => t.run(['--output', 'json', ...args], input)

describe('tkms keys (subprocess against a sandbox)', { timeout: 120_000 }, () => {
  it('creates keys with every option, lists with filters, gets one', async () => {
    const created = ok(
      await j([
        'keys',
        'create',
        'Payments Key',
        '--type',
        'aes256-gcm96',
        '--description',
        'for payments',
        '--label',
        'team=pay',
        '--label',
        'env=test',
        '--annotation',
        'ticket=42',
        '--exportable',
        '--rotation-days',
        '90'
      ])
    ).json()
    expect(created).toMatchObject({
      name: 'Payments Key',
      slug: 'payments-key',
      keyType: 'aes256-gcm96',
      status: 'active',
      description: 'for payments',
      labels: { team: 'pay', env: 'test' },
      exportAllowed: true,
      keyRotationEnabled: true,
      rotationPeriodInDays: 90
    })
    ok(await j(['keys', 'create', 'signer', '--type', 'ecdsa-p256']))
    const [all, byType, byLabel, byName, table] = await Promise.all([
      j(['keys', 'list']),
      j(['keys', 'list', '--type', 'ecdsa-p256']),
      j(['keys', 'list', '--label', 'team=pay']),
      j(['keys', 'list', '--name', 'signer']),
      t.run(['keys', 'list'])
    ])
    expect(
      ok(all)
        .json<{ name: string }[]>()
        .map((k) => k.name)
        .sort()
    ).toEqual(['Payments Key', 'signer'])
    expect(
      ok(byType)
        .json<{ name: string }[]>()
        .map((k) => k.name)
    ).toEqual(['signer'])
    expect(
      ok(byLabel)
        .json<{ name: string }[]>()
        .map((k) => k.name)
    ).toEqual(['Payments Key'])
    expect(
      ok(byName)
        .json<{ name: string }[]>()
        .map((k) => k.name)
    ).toEqual(['signer'])
    expect(ok(table).stdout).toMatch(/^NAME\s+IDENTITY\s+TYPE\s+STATUS/)
    expect(table.stdout).toMatch(/signer\s+kms-\S+\s+ecdsa-p256\s+active/)
    const got = ok(await j(['keys', 'get', 'payments-key'])).json()
    expect(got).toMatchObject({ identity: created['identity'], name: 'Payments Key' })
  })

  it('rotates, changes rotation, disables, enables, schedules and cancels deletion', async () => {
    ok(await j(['keys', 'create', 'life', '--type', 'aes128-gcm96']))
    expect(ok(await j(['keys', 'rotate', 'life'])).json()).toMatchObject({ latestVersion: 2 })
    expect(ok(await j(['keys', 'rotation', 'life', '--enable', '--period', '30'])).json()).toMatchObject({
      keyRotationEnabled: true,
      rotationPeriodInDays: 30
    })
    expect(ok(await j(['keys', 'disable', 'life'])).json()).toMatchObject({ status: 'disabled' })
    expect(ok(await j(['keys', 'enable', 'life'])).json()).toMatchObject({ status: 'active' })
    const wrong = await j(['keys', 'schedule-deletion', 'life', '--confirm', 'Life'])
    expect(wrong.code).toBe(1)
    expect(errorOf(wrong)).toMatchObject({ code: 'bad_input', message: expect.stringContaining('does not match') })
    expect(ok(await j(['keys', 'schedule-deletion', 'life', '--confirm', 'life'])).json()).toMatchObject({
      status: 'pending_deletion'
    })
    expect(ok(await j(['keys', 'cancel-deletion', 'life'])).json()).toMatchObject({ status: 'active' })
    const usage = await Promise.all([
      j(['keys', 'rotation', 'life']),
      j(['keys', 'rotation', 'life', '--enable', '--disable']),
      t.run(['keys', 'rotation', 'life', '--period', 'soon'])
    ])
    expect(usage.map((r) => r.code)).toEqual([1, 1, 1])
    expect(usage[2]?.stderr).toMatch(/--period.*whole number/)
  })

  it('prints and saves public keys as PEM, JWK and DER; refuses to overwrite without --force', async () => {
    ok(await j(['keys', 'create', 'pub', '--type', 'ed25519']))
    const [pem, jwk, json] = await Promise.all([
      t.run(['keys', 'public-key', 'pub']),
      t.run(['keys', 'public-key', 'pub', '--format', 'jwk']),
      j(['keys', 'public-key', 'pub'])
    ])
    expect(createPublicKey(ok(pem).stdout).asymmetricKeyType).toBe('ed25519')
    expect(JSON.parse(ok(jwk).stdout)).toMatchObject({ kty: 'OKP', crv: 'Ed25519' })
    expect(ok(json).json()).toMatchObject({
      version: 1,
      fingerprint: expect.stringMatching(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/)
    })
    const der = join(t.dir, 'pub.der')
    const noOut = await t.run(['keys', 'public-key', 'pub', '--format', 'der'])
    expect(noOut.code).toBe(1)
    ok(await t.run(['keys', 'public-key', 'pub', '--format', 'der', '--out', der]))
    expect(
      createPublicKey({ key: await readFile(der), format: 'der', type: 'spki' }).export({ format: 'pem', type: 'spki' })
    ).toBe(pem.stdout)
    const again = await j(['keys', 'public-key', 'pub', '--format', 'der', '--out', der])
    expect(again.code).toBe(3)
    expect(errorOf(again).code).toBe('exists')
    ok(await t.run(['keys', 'public-key', 'pub', '--format', 'der', '--out', der, '--force']))
  })

  it('exports material only to a 0600 file, never to stdout, and only for exportable keys', async () => {
    ok(await j(['keys', 'create', 'exp', '--type', 'aes256-gcm96', '--exportable']))
    ok(await j(['keys', 'create', 'noexp', '--type', 'aes256-gcm96']))
    const out = join(t.dir, 'exp.key')
    const r = ok(await j(['keys', 'export-material', 'exp', '--confirm', 'exp', '--out', out]))
    expect(r.json()).toEqual({ path: out, mode: '0600' })
    expect((await readFile(out)).length).toBe(32)
    expect((await stat(out)).mode & 0o777).toBe(0o600)
    expect(r.stdout).not.toContain((await readFile(out)).toString('base64'))
    const refused = await j(['keys', 'export-material', 'noexp', '--confirm', 'noexp', '--out', join(t.dir, 'no.key')])
    expect(refused.code).toBe(2)
    expect(errorOf(refused).code).toBe('validation')
    const missing = await t.run(['keys', 'export-material', 'exp', '--out', join(t.dir, 'x.key')])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/--confirm/)
  })

  it('maps every error class to its exit code and prints code, message and hint', async () => {
    const [notFound, region, usage, unknownCmd, help, badOutput] = await Promise.all([
      t.run(['keys', 'get', 'nope']),
      j(['--region', 'de-01', 'keys', 'list']),
      t.run(['keys', 'create', 'x']),
      t.run(['frobnicate']),
      t.run(['keys', 'create', '--help']),
      t.run(['--output', 'yaml', 'summary'])
    ])
    expect(notFound.code).toBe(2)
    expect(notFound.stderr).toMatch(/^error \[not_found_or_no_access\]: .*\n {2}hint: /)
    expect(region.code).toBe(2)
    expect(errorOf(region)).toMatchObject({ code: 'region_unavailable', hint: expect.stringContaining('de-01') })
    expect(usage.code).toBe(1)
    expect(usage.stderr).toMatch(/required option '--type <type>'/)
    expect(unknownCmd.code).toBe(1)
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/--rotation-days <n>/)
    expect(badOutput.code).toBe(1)
  })

  it('summary reports the scope and regions', async () => {
    const s = ok(await j(['summary'])).json<{
      featureEnabled: boolean
      scope: { region: string }
      regions: { slug: string; kmsAvailable: boolean }[]
    }>()
    expect(s.featureEnabled).toBe(true)
    expect(s.scope.region).toBe('nl-01')
    expect(s.regions.find((r) => r.slug === 'de-01')?.kmsAvailable).toBe(false)
  })
})
