import { createHash } from 'node:crypto'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorOf, ok, setup } from './helpers'

let t: Awaited<ReturnType<typeof setup>>
beforeAll(async () => {
  t = await setup()
  await Promise.all([
    t.run(['keys', 'create', 'sym', '--type', 'aes256-gcm96']),
    t.run(['keys', 'create', 'rsa', '--type', 'rsa-2048']),
    t.run(['keys', 'create', 'mac', '--type', 'hmac-sha256'])
  ])
}, 90_000)
afterAll(async () => t?.cleanup())

const j = (args: string[], input?: string | Buffer) => t.run(['--output', 'json', ...args], input)

describe('tkms text crypto', { timeout: 120_000 }, () => {
  it('encrypts from stdin, --text and --in; decrypts to stdout, JSON and a 0600 file', async () => {
    const binary = Buffer.from([0, 1, 2, 255, 254])
    await writeFile(join(t.dir, 'bin.dat'), binary)
    const [fromStdin, fromText, fromFile] = await Promise.all([
      t.run(['encrypt', '--key', 'sym'], 'hello from stdin'),
      j(['encrypt', '--key', 'sym', '--text', 'héllo']),
      t.run(['encrypt', '--key', 'sym', '--in', join(t.dir, 'bin.dat')])
    ])
    expect(ok(fromStdin).stdout).toMatch(/^thalassa:v1:[A-Za-z0-9+/]+=*\n$/)
    expect(ok(fromText).json()).toEqual({ ciphertext: expect.stringMatching(/^thalassa:v1:/), keyVersion: '1' })
    const [plain, asJson, binJson] = await Promise.all([
      // A real process: the ciphertext through its stdin pipe, the plaintext bytes through its stdout.
      t.runProcess(['decrypt', '--key', 'sym'], fromStdin.stdout),
      j(['decrypt', '--key', 'sym', '--text', fromText.json<{ ciphertext: string }>().ciphertext]),
      j(['decrypt', '--key', 'sym'], ok(fromFile).stdout)
    ])
    expect(ok(plain).stdout).toBe('hello from stdin')
    expect(ok(asJson).json()).toEqual({ plaintext: 'héllo', encoding: 'utf8', bytes: 6, keyVersion: '1' })
    expect(ok(binJson).json()).toMatchObject({ plaintext: binary.toString('base64'), encoding: 'base64', bytes: 5 })
    const out = join(t.dir, 'plain.bin')
    ok(await t.run(['decrypt', '--key', 'sym', '--in', '-', '--out', out], fromFile.stdout))
    expect(await readFile(out)).toEqual(binary)
    expect((await stat(out)).mode & 0o777).toBe(0o600)
    const again = await j(['decrypt', '--key', 'sym', '--out', out], fromFile.stdout)
    expect(again.code).toBe(3)
    expect(errorOf(again).code).toBe('exists')
  })

  it('signs and verifies (exit 0 valid, 3 not); HMAC and verify-hmac; base64 input', async () => {
    const sig = ok(await j(['sign', '--key', 'rsa', '--text', 'doc', '--hash', 'sha2-256'])).json<{
      signature: string
    }>().signature
    const [good, bad, b64] = await Promise.all([
      j(['verify', '--key', 'rsa', '--text', 'doc', '--signature', sig]),
      j(['verify', '--key', 'rsa', '--text', 'other', '--signature', sig]),
      j(['verify', '--key', 'rsa', '--base64', '--text', Buffer.from('doc').toString('base64'), '--signature', sig])
    ])
    const endpoint = 'checked by the KMS verify endpoint'
    expect(ok(good).json()).toEqual({ valid: true, detail: endpoint })
    expect(bad.code).toBe(3)
    expect(bad.json()).toEqual({ valid: false, detail: endpoint })
    expect(ok(b64).json()).toMatchObject({ valid: true })
    // A digest (prehashed) is checked with the public key of the signature's version, fetched from the KMS.
    const digest = createHash('sha256').update('doc').digest('base64')
    const pre = ok(await j(['sign', '--key', 'rsa', '--base64', '--text', digest, '--prehashed'])).json<{
      signature: string
    }>().signature
    const local = await j(['verify', '--key', 'rsa', '--base64', '--text', digest, '--prehashed', '--signature', pre])
    expect(ok(local).json()).toEqual({
      valid: true,
      keyVersion: '1',
      scheme: 'rsa-pss',
      detail: 'verified with the public key of version 1, fetched from the KMS (RSA-PSS)'
    })
    // The PKCS#1 v1.5 choice is gone: the API has no field for it.
    const padding = await j(['sign', '--key', 'rsa', '--text', 'doc', '--rsa-padding', 'pkcs1v15'])
    expect(padding.code).toBe(1)
    expect(padding.stderr).toMatch(/unknown option '--rsa-padding'/)
    const mac = ok(await t.run(['hmac', '--key', 'mac'], 'data')).stdout.trim()
    expect(mac).toMatch(/^thalassa:v1:/)
    const [macOk, macBad] = await Promise.all([
      t.run(['verify-hmac', '--key', 'mac', '--hmac', mac], 'data'),
      t.run(['verify-hmac', '--key', 'mac', '--hmac', mac], 'tampered')
    ])
    expect(ok(macOk).stdout).toBe('valid\n')
    expect(macBad.code).toBe(3)
    expect(macBad.stdout).toBe('NOT valid\n')
  })

  it('--debug-http prints each request and answer on stderr, redacted; stdout stays the result', async () => {
    const r = ok(await t.run(['--debug-http', 'encrypt', '--key', 'sym', '--text', 'debug me please']))
    expect(r.stdout).toMatch(/^thalassa:v1:/)
    expect(r.stderr).toMatch(/^> POST http:\/\/127\.0\.0\.1:\d+\/v1\/kms\/nl-01\/keys\/sym\/encrypt$/m)
    expect(r.stderr).toMatch(/^< 200 POST .*\/encrypt \(\d+ ms\)$/m)
    expect(r.stderr).toContain('> authorization: Token [REDACTED]')
    expect(r.stderr).not.toContain(Buffer.from('debug me please').toString('base64'))
    expect(r.stderr).not.toContain(r.stdout.trim().slice('thalassa:v1:'.length))
    expect(r.stderr).not.toContain('tc_pat_sandbox_admin')
  })

  it('refuses bad input with exit 1 and wrong key types with exit 2', async () => {
    const [badB64, empty, wrongOp, both] = await Promise.all([
      j(['encrypt', '--key', 'sym', '--base64', '--text', '!!not base64']),
      j(['encrypt', '--key', 'sym'], ''),
      j(['sign', '--key', 'sym', '--text', 'x']),
      j(['encrypt', '--key', 'sym', '--text', 'x', '--in', 'y'])
    ])
    expect([badB64.code, empty.code, both.code]).toEqual([1, 1, 1])
    expect(errorOf(badB64)).toMatchObject({ code: 'bad_input', message: 'The input is not valid base64.' })
    expect(wrongOp.code).toBe(2)
    expect(['wrong_operation', 'validation']).toContain(errorOf(wrongOp).code)
  })
})

describe('tkms activity', { timeout: 120_000 }, () => {
  it('shows what the CLI did (no plaintext) and exports CSV without overwriting', async () => {
    ok(await t.run(['encrypt', '--key', 'sym', '--text', 'top secret words']))
    await t.run(['keys', 'get', 'missing-key'])
    await t.run(['decrypt', '--key', 'missing-key', '--text', 'thalassa:v1:AAAA'])
    const shown = ok(await j(['activity', 'show', '--limit', '50'])).json<
      { operation: string; outcome: string; key?: string; profile: string; errorCode?: string }[]
    >()
    expect(shown.find((e) => e.operation === 'crypto:encrypt' && e.key === 'sym')).toMatchObject({
      outcome: 'ok',
      profile: 'test'
    })
    expect(shown.find((e) => e.operation === 'crypto:decrypt' && e.key === 'missing-key')).toMatchObject({
      outcome: 'error',
      errorCode: 'not_found_or_no_access'
    })
    expect(JSON.stringify(shown)).not.toContain('top secret')
    const errorsOnly = ok(await j(['activity', 'show', '--outcome', 'error'])).json<{ outcome: string }[]>()
    expect(errorsOnly.length).toBeGreaterThan(0)
    expect(errorsOnly.every((e) => e.outcome === 'error')).toBe(true)
    const csv = join(t.dir, 'activity.csv')
    ok(await t.run(['activity', 'export', '--out', csv, '--operation', 'crypto:encrypt']))
    const text = await readFile(csv, 'utf8')
    expect(text.split('\r\n')[0]).toBe(
      'time,profile,region,key,operation,outcome,errorCode,detail,errorMessage,errorHint'
    )
    expect(text).toContain(',sym,crypto:encrypt,ok,')
    expect(text).not.toContain('crypto:decrypt')
    expect((await t.run(['activity', 'export', '--out', csv])).code).toBe(3)
    ok(await t.run(['activity', 'export', '--out', csv, '--force']))
  })
})
