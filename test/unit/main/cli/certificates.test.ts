import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tool } from './age-helpers'
import { errorOf, ok, setup } from './helpers'

// CSRs and self-signed certificates signed by KMS keys, checked by the real openssl.
let t: Awaited<ReturnType<typeof setup>>
const p = (f: string) => join(t.dir, f)
const openssl = async (args: string[]) => {
  const r = await tool('openssl', args, { cwd: t.dir })
  return { ...r, text: `${r.stdout.toString()}${r.stderr}` }
}

beforeAll(async () => {
  t = await setup()
  await Promise.all(
    ['ecdsa-p256', 'ecdsa-p384', 'rsa-2048', 'ed25519', 'aes256-gcm96'].map((type) =>
      t.run(['keys', 'create', `cert-${type}`, '--type', type]).then(ok)
    )
  )
}, 60_000)
afterAll(async () => t?.cleanup())

describe('tkms keys csr / self-signed, accepted by openssl', { timeout: 90_000 }, () => {
  it.each(['ecdsa-p256', 'rsa-2048', 'ed25519'])(
    '%s: a CSR that openssl req -verify accepts, with the subject, SANs and key usage asked for',
    async (type) => {
      ok(
        await t.run([
          'keys',
          'csr',
          `cert-${type}`,
          '--subject',
          'CN=api.example.com, O=Example, C=NL',
          '--san',
          'dns:api.example.com',
          '--san',
          'ip:192.0.2.7',
          '--key-usage',
          'digitalSignature,keyEncipherment',
          '--out',
          `${type}.csr`
        ])
      )
      const v = await openssl(['req', '-verify', '-noout', '-in', `${type}.csr`])
      expect(v.code, v.text).toBe(0)
      expect(v.text).toMatch(/verify OK|Certificate request self-signature verify OK/)
      const text = (await openssl(['req', '-noout', '-text', '-in', `${type}.csr`])).text
      expect(text).toMatch(/Subject: CN\s*=\s*api\.example\.com, O\s*=\s*Example, C\s*=\s*NL/)
      expect(text).toContain('DNS:api.example.com')
      expect(text).toContain('IP Address:192.0.2.7')
      expect(text).toMatch(/Digital Signature, Key Encipherment/)
      // The CSR carries the KMS key's own public key.
      ok(await t.run(['keys', 'public-key', `cert-${type}`, '--out', `${type}.pub.pem`]))
      const fromCsr = (await openssl(['req', '-noout', '-pubkey', '-in', `${type}.csr`])).stdout.toString()
      expect(fromCsr.trim()).toBe((await readFile(p(`${type}.pub.pem`), 'utf8')).trim())
    }
  )

  it.each(['ecdsa-p384', 'rsa-2048', 'ed25519'])(
    '%s: a self-signed certificate that openssl x509 reads and openssl verify accepts',
    async (type) => {
      const r = ok(
        await t.run([
          '--output',
          'json',
          'keys',
          'self-signed',
          `cert-${type}`,
          '--subject',
          'CN=Example Root, O=Example',
          '--days',
          '30',
          '--ca',
          '--san',
          'email:pki@example.com',
          '--out',
          `${type}.crt`
        ])
      ).json<{ serialNumber: string }>()
      const text = (await openssl(['x509', '-text', '-noout', '-in', `${type}.crt`])).text
      expect(text).toMatch(/Issuer: CN\s*=\s*Example Root, O\s*=\s*Example/)
      expect(text).toMatch(/Subject: CN\s*=\s*Example Root, O\s*=\s*Example/)
      expect(text).toContain('CA:TRUE')
      expect(text).toContain('email:pki@example.com')
      expect(text).toMatch(/Certificate Sign/)
      expect(text.replace(/[:\s]/g, '').toLowerCase()).toContain(r.serialNumber.toLowerCase())
      const end = (await openssl(['x509', '-enddate', '-noout', '-in', `${type}.crt`])).text
      const days = (Date.parse(end.replace('notAfter=', '').trim()) - Date.now()) / 86_400_000
      expect(days).toBeGreaterThan(29.9)
      expect(days).toBeLessThan(30.1)
      const v = await openssl(['verify', '-CAfile', `${type}.crt`, `${type}.crt`])
      expect(v.code, v.text).toBe(0)
      expect(v.text).toContain(': OK')
    }
  )

  it('a certificate whose bytes were changed is refused by openssl verify', async () => {
    ok(
      await t.run([
        'keys',
        'self-signed',
        'cert-ecdsa-p256',
        '--subject',
        'CN=Tamper Test',
        '--days',
        '1',
        '--ca',
        '--out',
        'tamper.crt'
      ])
    )
    const der = (await openssl(['x509', '-in', 'tamper.crt', '-outform', 'DER'])).stdout
    const i = der.indexOf(Buffer.from('Tamper Test'))
    der[i] = 'X'.charCodeAt(0)
    await writeFile(p('tampered.der'), der)
    expect((await openssl(['x509', '-inform', 'DER', '-in', 'tampered.der', '-out', 'tampered.crt'])).code).toBe(0)
    expect((await openssl(['verify', '-CAfile', 'tampered.crt', 'tampered.crt'])).code).not.toBe(0)
  })

  it('refuses a bad subject, SAN, key usage or validity with a clear error, and writes nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['--subject', 'api.example.com'], /subject/i],
      [['--subject', 'CN=x, C=Netherlands'], /two-letter/],
      [['--subject', 'CN=x', '--san', 'dns:not a host'], /DNS name/],
      [['--subject', 'CN=x', '--key-usage', 'signEverything'], /key usage/],
      [['--subject', 'CN=x', '--days', '40000'], /36500/]
    ]
    for (const [args, msg] of cases) {
      const cmd = args.includes('--days') ? 'self-signed' : 'csr'
      const r = await t.run(['--output', 'json', 'keys', cmd, 'cert-ecdsa-p256', ...args, '--out', 'refused.pem'])
      expect(r.code, args.join(' ')).toBe(1)
      expect(errorOf(r).message, args.join(' ')).toMatch(msg)
    }
    const days0 = await t.run(['keys', 'self-signed', 'cert-ecdsa-p256', '--subject', 'CN=x', '--days', '0'])
    expect(days0.code).toBe(1)
    const sym = await t.run(['--output', 'json', 'keys', 'csr', 'cert-aes256-gcm96', '--subject', 'CN=x'])
    expect(sym.code).toBe(1)
    expect(errorOf(sym).message).toMatch(/cannot sign/)
    expect((await tool('ls', [t.dir])).stdout.toString()).not.toContain('refused.pem')
  })
})
