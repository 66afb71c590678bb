import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tool } from './age-helpers'
import { errorOf, ok, setup } from './helpers'

// Raw signatures are checked by the real openssl; JWS by Node's own JOSE-free crypto, rebuilt from RFC 7515/7797/7638.
let t: Awaited<ReturnType<typeof setup>>
const p = (f: string) => join(t.dir, f)
const openssl = (args: string[]) => tool('openssl', args, { cwd: t.dir })
const DATA = 'release 1.2.3 artefact\n'.repeat(4000)

beforeAll(async () => {
  t = await setup()
  await Promise.all([
    t.run(['keys', 'create', 'std-ec', '--type', 'ecdsa-p256']).then(ok),
    t.run(['keys', 'create', 'std-rsa', '--type', 'rsa-2048']).then(ok),
    t.run(['keys', 'create', 'std-ed', '--type', 'ed25519']).then(ok),
    writeFile(p('app.tar'), DATA),
    writeFile(p('small.txt'), 'small signed note\n')
  ])
  await Promise.all(
    ['std-ec', 'std-rsa', 'std-ed'].map((k) => t.run(['keys', 'public-key', k, '--out', p(`${k}.pem`)]).then(ok))
  )
}, 60_000)
afterAll(async () => t?.cleanup())

describe('tkms files sign --format raw: openssl dgst -verify accepts it', { timeout: 60_000 }, () => {
  it('ECDSA: a DER signature, verified by openssl; a changed file is refused by openssl and by tkms', async () => {
    ok(await t.run(['files', 'sign', 'app.tar', '--key', 'std-ec', '--format', 'raw']))
    const good = await openssl(['dgst', '-sha256', '-verify', 'std-ec.pem', '-signature', 'app.tar.sig', 'app.tar'])
    expect(good.stdout.toString().trim(), good.stderr).toBe('Verified OK')
    const v = ok(await t.run(['--output', 'json', 'files', 'verify', 'app.tar', '--key', 'std-ec']))
    expect(v.json()).toMatchObject({ valid: true, format: 'raw', scheme: 'ecdsa-der' })
    ok(await t.run(['files', 'verify', 'app.tar', '--public-key', 'std-ec.pem']))
    await writeFile(p('app-changed.tar'), `${DATA}x`)
    const bad = await openssl([
      'dgst',
      '-sha256',
      '-verify',
      'std-ec.pem',
      '-signature',
      'app.tar.sig',
      'app-changed.tar'
    ])
    expect(bad.code).not.toBe(0)
    const no = await t.run(['files', 'verify', 'app-changed.tar', '--signature', 'app.tar.sig', '--key', 'std-ec'])
    expect(no.code).toBe(3)
    expect(no.stdout).toContain('NOT valid')
  })

  it('RSA: the bare signature bytes, verified by openssl with the padding the KMS used', async () => {
    const r = ok(
      await t.run([
        '--output',
        'json',
        'files',
        'sign',
        'app.tar',
        '--key',
        'std-rsa',
        '--format',
        'raw',
        '--hash',
        'sha384',
        '--out',
        'rsa.sig'
      ])
    ).json<{ scheme: string }>()
    const pad = r.scheme === 'rsa-pss' ? ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:-1'] : []
    const v = await openssl(['dgst', '-sha384', ...pad, '-verify', 'std-rsa.pem', '-signature', 'rsa.sig', 'app.tar'])
    expect(v.stdout.toString().trim(), v.stderr).toBe('Verified OK')
    expect((await readFile(p('rsa.sig'))).length).toBe(256)
    ok(await t.run(['files', 'verify', 'app.tar', '--signature', 'rsa.sig', '--key', 'std-rsa', '--hash', 'sha384']))
    // The hash is not in a raw signature: the wrong one does not verify.
    expect((await t.run(['files', 'verify', 'app.tar', '--signature', 'rsa.sig', '--key', 'std-rsa'])).code).toBe(3)
  })

  it('Ed25519: signs the (small) file itself, verified by openssl pkeyutl -rawin', async () => {
    ok(await t.run(['files', 'sign', 'small.txt', '--key', 'std-ed', '--format', 'raw']))
    const v = await openssl([
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      'std-ed.pem',
      '-rawin',
      '-in',
      'small.txt',
      '-sigfile',
      'small.txt.sig'
    ])
    expect(v.stdout.toString(), v.stderr).toContain('Signature Verified Successfully')
    const big = await t.run([
      '--output',
      'json',
      'files',
      'sign',
      'app.tar',
      '--key',
      'std-ed',
      '--format',
      'raw',
      '--out',
      'big.sig'
    ])
    expect(big.code).toBe(1)
    expect(errorOf(big).message).toMatch(/64 KiB/)
    expect((await tool('ls', [t.dir])).stdout.toString()).not.toContain('big.sig')
  })

  it('a raw signature names no key: verify asks for --key or --public-key', async () => {
    const r = await t.run(['--output', 'json', 'files', 'verify', 'app.tar'])
    expect(r.code).toBe(1)
    expect(errorOf(r).hint).toMatch(/--key|--public-key/)
  })
})

describe('tkms files sign --format jws: detached, unencoded payload, kid = JWK thumbprint', { timeout: 60_000 }, () => {
  function thumbprint(jwk: Record<string, string>): string {
    const m =
      jwk['kty'] === 'RSA'
        ? { e: jwk['e'], kty: 'RSA', n: jwk['n'] }
        : { crv: jwk['crv'], kty: 'EC', x: jwk['x'], y: jwk['y'] }
    return createHash('sha256').update(JSON.stringify(m)).digest('base64url')
  }

  it('ES256: checks with plain crypto over BASE64URL(header) "." file, and kid matches RFC 7638', async () => {
    ok(await t.run(['files', 'sign', 'app.tar', '--key', 'std-ec', '--format', 'jws']))
    const jws = (await readFile(p('app.tar.jws'), 'utf8')).trim()
    const [h64, empty, s64] = jws.split('.')
    expect(empty).toBe('')
    const header = JSON.parse(Buffer.from(h64!, 'base64url').toString()) as Record<string, unknown>
    const pub = createPublicKey(await readFile(p('std-ec.pem'), 'utf8'))
    expect(header).toEqual({
      alg: 'ES256',
      kid: thumbprint(pub.export({ format: 'jwk' }) as Record<string, string>),
      b64: false,
      crit: ['b64']
    })
    const input = Buffer.concat([Buffer.from(`${h64}.`), Buffer.from(DATA)])
    expect(nodeVerify('sha256', input, { key: pub, dsaEncoding: 'ieee-p1363' }, Buffer.from(s64!, 'base64url'))).toBe(
      true
    )
    const v = ok(
      await t.run(['--output', 'json', 'files', 'verify', 'app.tar', '--signature', 'app.tar.jws', '--key', 'std-ec'])
    ).json()
    expect(v).toMatchObject({ valid: true, format: 'jws' })
    ok(await t.run(['files', 'verify', 'app.tar', '--signature', 'app.tar.jws', '--public-key', 'std-ec.pem']))
    expect(
      (await t.run(['files', 'verify', 'app-changed.tar', '--signature', 'app.tar.jws', '--key', 'std-ec'])).code
    ).toBe(3)
    // Another key's public key does not verify it.
    expect(
      (await t.run(['files', 'verify', 'app.tar', '--signature', 'app.tar.jws', '--public-key', 'std-rsa.pem'])).code
    ).toBe(3)
  })

  it('RSA: PS256 or RS256 as the KMS signed, checked with plain crypto', async () => {
    ok(await t.run(['files', 'sign', 'app.tar', '--key', 'std-rsa', '--format', 'jws', '--out', 'rsa.jws']))
    const [h64, , s64] = (await readFile(p('rsa.jws'), 'utf8')).trim().split('.')
    const header = JSON.parse(Buffer.from(h64!, 'base64url').toString()) as { alg: string }
    expect(['PS256', 'RS256']).toContain(header.alg)
    const pub = createPublicKey(await readFile(p('std-rsa.pem'), 'utf8'))
    const key = header.alg === 'PS256' ? { key: pub, padding: 6, saltLength: 32 } : pub
    expect(
      nodeVerify(
        'sha256',
        Buffer.concat([Buffer.from(`${h64}.`), Buffer.from(DATA)]),
        key,
        Buffer.from(s64!, 'base64url')
      )
    ).toBe(true)
    ok(await t.run(['files', 'verify', 'app.tar', '--signature', 'rsa.jws', '--key', 'std-rsa']))
  })

  it('refuses a hash the curve does not use, and a signature file that is none of the formats', async () => {
    const r = await t.run([
      '--output',
      'json',
      'files',
      'sign',
      'app.tar',
      '--key',
      'std-ec',
      '--format',
      'jws',
      '--hash',
      'sha384',
      '--out',
      'x.jws'
    ])
    expect(r.code).toBe(1)
    expect(errorOf(r).message).toMatch(/ES256/)
    await writeFile(p('junk.sig'), 'x'.repeat(5000))
    const j = await t.run([
      '--output',
      'json',
      'files',
      'verify',
      'app.tar',
      '--signature',
      'junk.sig',
      '--key',
      'std-ec'
    ])
    expect(j.code).toBe(1)
    expect(errorOf(j).message).toMatch(/not a signature/)
  })

  it('sig-json stays the default and still verifies', async () => {
    ok(await t.run(['files', 'sign', 'small.txt', '--key', 'std-ec']))
    expect(JSON.parse(await readFile(p('small.txt.sig.json'), 'utf8'))).toMatchObject({
      format: 'thalassa-kms-signature'
    })
    ok(await t.run(['files', 'verify', 'small.txt']))
  })
})
