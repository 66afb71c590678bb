import { describe, expect, it } from 'vitest'
import { PermissionCache, USE_DENIED } from '../../../../../src-main/services/permissions/cache'

const here = { profileId: 'p1', region: 'nl-01' }

describe("PermissionCache and the app's Files jobs and BYOK import", () => {
  it('learns "cannot use keys" from a Files job refused with a masked 404, and "allowed" from one that worked', () => {
    const c = new PermissionCache()
    c.record(here, 'files:encrypt', 'no_write_access')
    expect(c.get(here)).toMatchObject({ use: 'denied', useReason: USE_DENIED, change: 'unknown' })
    c.record(here, 'files:sign', 'ok')
    expect(c.get(here).use).toBe('allowed')
  })

  it('an online verify proves nothing (it only reads public keys), nor does an invalid signature', () => {
    const c = new PermissionCache()
    c.record(here, 'files:verify', 'ok')
    c.record(here, 'files:verify-hmac', 'invalid_signature')
    expect(c.get(here)).toEqual({ change: 'unknown', use: 'unknown' })
  })

  it('a refused BYOK bundle import means the token cannot change keys here', () => {
    const c = new PermissionCache()
    c.record(here, 'byok:import-bundle', 'no_write_access')
    expect(c.get(here).change).toBe('denied')
  })
})

describe('PermissionCache and the wrapping key (guarded as a create)', () => {
  it('a refused fetch means the token cannot change keys; a fetched one proves no more than reading', () => {
    const c = new PermissionCache()
    c.record(here, 'byok:fetch-wrapping-key', 'ok')
    expect(c.get(here).change).toBe('unknown')
    c.record(here, 'byok:fetch-wrapping-key', 'no_write_access')
    expect(c.get(here).change).toBe('denied')
  })
})
