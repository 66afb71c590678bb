import { describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { createLogger } from '../../../../../src-main/services/log/logger'
import { Redactor, REDACTED } from '../../../../../src-main/services/log/redact'
import { KmsError } from '../../../../../src-main/services/kms/errors'

function capture(level: 'debug' | 'info' = 'debug'): { lines: string[]; log: ReturnType<typeof createLogger> } {
  const lines: string[] = []
  return { lines, log: createLogger({ sink: (l) => lines.push(l), level, redactor: new Redactor() }) }
}

describe('redacting logger', () => {
  it('masks tokens, auth headers, client secrets, key material, plaintext and large base64 blobs', () => {
    const { lines, log } = capture()
    const keyMaterial = randomBytes(32).toString('base64')
    const blob = randomBytes(300).toString('base64')
    log.info('request with Token tc_pat_abcdefSECRET1 and Bearer eyJhbGciOi.SECRET2.sig', {
      headers: { Authorization: 'Token tc_pat_abcdefSECRET1', 'x-organisation-identity': 'acme' },
      body: { plaintext: 'aGVsbG8=', keyMaterial, importKeyMaterial: blob, name: 'app-key' },
      form: 'grant_type=client_credentials&client_id=sa&client_secret=SECRET3',
      clientSecret: 'SECRET4',
      raw: `{"plaintext":"SECRET5","ok":true}`,
      nested: [{ access_token: 'SECRET6' }],
      payload: blob,
      bytes: Buffer.from('SECRET7')
    })
    expect(lines).toHaveLength(1)
    const out = lines[0] ?? ''
    for (const s of [
      'SECRET1',
      'SECRET2',
      'SECRET3',
      'SECRET4',
      'SECRET5',
      'SECRET6',
      'SECRET7',
      keyMaterial,
      blob,
      blob.slice(0, 64),
      'aGVsbG8='
    ])
      expect(out).not.toContain(s)
    const e = JSON.parse(out) as {
      level: string
      headers: Record<string, string>
      body: Record<string, string>
      form: string
    }
    expect(e.level).toBe('info')
    // Useful context survives.
    expect(e.headers['x-organisation-identity']).toBe('acme')
    expect(e.body.name).toBe('app-key')
    expect(e.headers.Authorization).toBe(REDACTED)
    expect(e.form).toContain('client_id=sa')
  })

  it('keeps paths, ids and short values readable', () => {
    const { lines, log } = capture()
    log.info('kms call', {
      path: '/v1/kms/nl-01/keys/application-encryption-key-for-payments/encrypt',
      id: 'kms-d5obd77ua50s73ab91ig',
      status: 503
    })
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      path: '/v1/kms/nl-01/keys/application-encryption-key-for-payments/encrypt',
      id: 'kms-d5obd77ua50s73ab91ig',
      status: 503
    })
  })

  it('registered secrets are masked anywhere, even without a recognisable shape', () => {
    const r = new Redactor()
    r.register('correct-horse-battery')
    const lines: string[] = []
    createLogger({ sink: (l) => lines.push(l), redactor: r }).warn('failed for correct-horse-battery', {
      note: 'x correct-horse-battery y'
    })
    expect(lines.join('')).not.toContain('correct-horse-battery')
  })

  it('errors are logged as name, code and message; no stack', () => {
    const { lines, log } = capture()
    log.error('boom', { error: new KmsError({ code: 'unauthorized', message: 'rejected Token tc_pat_zzz' }) })
    const e = JSON.parse(lines[0] ?? '') as { error: Record<string, unknown> }
    expect(e.error).toEqual({ name: 'KmsError', code: 'unauthorized', message: `rejected Token ${REDACTED}` })
    expect(e.error).not.toHaveProperty('stack')
    expect(lines[0]).not.toContain('at ')
  })

  it('honours the level and child bindings, and survives a throwing sink', () => {
    const { lines, log } = capture('info')
    log.debug('hidden')
    log.child({ component: 'kms' }).info('shown')
    expect(lines.map((l) => JSON.parse(l) as { msg: string; component?: string })).toEqual([
      expect.objectContaining({ msg: 'shown', component: 'kms' })
    ])
    expect(() =>
      createLogger({
        sink: () => {
          throw new Error('disk full')
        }
      }).error('x')
    ).not.toThrow()
  })
})
