import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FaultsSchema } from '../../../../src-main/sandbox/index'
import { keyOperation } from '../../../../src-main/sandbox/server'
import { b64, C, createKey, openSandbox, type TestSandbox } from './helpers'

let t: TestSandbox
beforeAll(async () => {
  t = await openSandbox()
})
afterAll(async () => {
  await t.stop()
})

const encrypt = (id: string) =>
  fetch(`${t.sb.url}/v1/kms/nl-01/keys/${id}/encrypt`, {
    method: 'POST',
    headers: {
      authorization: `Token ${C.adminPat}`,
      'x-organisation-identity': C.organisation,
      'content-type': 'application/json',
      accept: 'application/json'
    },
    body: JSON.stringify({ plaintext: b64('hello') })
  })

describe('rate-limit faults and request counters', () => {
  it('a 429 burst fails exactly that many requests, with Retry-After in seconds or as an HTTP date', async () => {
    const key = await createKey(t, 'aes256-gcm96')
    const before = t.sb.requests()['encrypt'] ?? 0
    t.sb.setFaults({ errorStatus: 429, errorBurst: 2, retryAfterSeconds: 3 })
    const first = await encrypt(key.identity)
    expect(first.status).toBe(429)
    expect(first.headers.get('retry-after')).toBe('3')
    t.sb.setFaults({ retryAfterAsDate: true })
    const second = await encrypt(key.identity)
    expect(second.status).toBe(429)
    const at = Date.parse(second.headers.get('retry-after') ?? '')
    expect(at - Date.now()).toBeGreaterThan(1000)
    expect(at - Date.now()).toBeLessThanOrEqual(3000)
    const third = await encrypt(key.identity)
    expect(third.status).toBe(200)
    expect(third.headers.get('retry-after')).toBeNull()
    expect((t.sb.requests()['encrypt'] ?? 0) - before).toBe(3)
  })

  it('refuses fault settings outside the schema', () => {
    expect(() => t.sb.setFaults({ errorStatus: 418 as 429 })).toThrow()
    expect(() => t.sb.setFaults({ errorBurst: -1 })).toThrow()
    expect(FaultsSchema.safeParse({ retryAfterSeconds: 99_999 }).success).toBe(false)
  })

  it('counts only key operations, by operation name', () => {
    expect(keyOperation('/v1/kms/nl-01/keys/kms-abc/decrypt')).toBe('decrypt')
    expect(keyOperation('/v1/kms/nl-01/keys/kms-abc/public-key?version=2')).toBe('public-key')
    expect(keyOperation('/v1/kms/nl-01/keys')).toBeUndefined()
    expect(keyOperation('/v1/kms/nl-01/keys/kms-abc')).toBeUndefined()
  })
})
