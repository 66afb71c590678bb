import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rotatingFile } from '../../../../../src-main/services/log/rotating-file'
import { redactBody, wireLog } from '../../../../../src-main/services/log/wire-log'
import { b64, C, clientFor, openSandbox, type Sandbox } from '../sandbox-harness'

let s: Sandbox
beforeAll(async () => {
  s = await openSandbox()
})
afterAll(async () => s.stop())

describe('wire log', () => {
  it('shows method, URL, status, headers and bodies of each call, with secrets, plaintext, ciphertext and key material redacted', async () => {
    const lines: string[] = []
    const c = clientFor(s.sb.url, { wire: wireLog((l) => lines.push(l)) })
    const secretText = 'the launch code is 0000'
    try {
      await c.createKey('nl-01', { name: 'wire-log', keyType: 'aes256-gcm96', exportAllowed: true })
      const { ciphertext } = await c.encrypt('nl-01', 'wire-log', { plaintext: b64(secretText) })
      await c.decrypt('nl-01', 'wire-log', { ciphertext })
      const { keyMaterial } = await c.exportKey('nl-01', 'wire-log')
      const log = lines.join('\n')
      expect(log).toContain(`> POST ${s.sb.url}/v1/kms/nl-01/keys/wire-log/encrypt`)
      expect(log).toMatch(/^< 200 POST .*\/encrypt \(\d+ ms\)$/m)
      expect(log).toMatch(/^< 201 POST .*\/v1\/kms\/nl-01\/keys \(\d+ ms\)$/m)
      expect(log).toContain('> authorization: Token [REDACTED]')
      expect(log).toContain('> x-organisation-identity: sandbox')
      expect(log).toContain('> content-type: application/json')
      expect(log).toMatch(/^< content-type: application\/json/m)
      expect(log).toContain('> {"name":"wire-log","keyType":"aes256-gcm96","exportAllowed":true}')
      expect(log).toMatch(/"plaintext":"\[REDACTED\]/)
      expect(log).toMatch(/"ciphertext":"\[REDACTED\] \(\d+ chars\)"/)
      expect(log).toMatch(/"keyMaterial":"\[REDACTED\]"/)
      for (const secret of [C.adminPat, b64(secretText), secretText, ciphertext, ciphertext.slice(12), keyMaterial])
        expect(log).not.toContain(secret)
    } finally {
      await c.close()
    }
  })

  it('reads its switch per request', async () => {
    let on = false
    const lines: string[] = []
    const c = clientFor(s.sb.url, {
      wire: wireLog(
        (l) => lines.push(l),
        () => on
      )
    })
    try {
      await c.summary()
      expect(lines).toEqual([])
      on = true
      await c.summary()
      expect(lines[0]).toBe(`> GET ${s.sb.url}/v1/kms/summary`)
    } finally {
      await c.close()
    }
  })

  it('redacts a body that is not JSON with the shared patterns', () => {
    expect(redactBody('proxy says: Bearer abc.def.ghi and tc_pat_123456')).toBe(
      'proxy says: Bearer [REDACTED] and tc_pat_[REDACTED]'
    )
    expect(redactBody('{"access_token":"eyJabc","input":"AAAA","signature":"thalassa:v1:AAAA"}')).toBe(
      '{"access_token":"[REDACTED]","input":"[REDACTED] (4 chars)","signature":"thalassa:v1:AAAA"}'
    )
  })

  it('rotates its file at the size limit, keeping the newest files, mode 0600', () => {
    const file = join(s.dir, 'logs', 'wire.log')
    const write = rotatingFile(file, { maxBytes: 100, keep: 2 })
    for (let i = 0; i < 12; i++) write(`line ${i} ${'x'.repeat(30)}`)
    expect(readFileSync(file, 'utf8')).toContain('line 11')
    expect(readFileSync(`${file}.1`, 'utf8')).toMatch(/line [89]/)
    expect(existsSync(`${file}.2`)).toBe(true)
    expect(existsSync(`${file}.3`)).toBe(false)
    expect(statSync(file).size).toBeLessThanOrEqual(100)
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })
})
