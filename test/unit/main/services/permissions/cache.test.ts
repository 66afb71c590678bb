import { describe, expect, it } from 'vitest'
import { CHANGE_DENIED, PermissionCache } from '../../../../../src-main/services/permissions/cache'

const here = { profileId: 'p1', region: 'nl-01', project: 'alpha' }

describe('PermissionCache', () => {
  it('is unknown until the API answers, then remembers per profile, region and project', () => {
    const c = new PermissionCache()
    expect(c.get(here)).toEqual({ change: 'unknown', use: 'unknown' })
    c.record(here, 'keys:rotate', 'no_write_access')
    expect(c.get(here)).toMatchObject({ change: 'denied', changeReason: CHANGE_DENIED, use: 'unknown' })
    expect(c.get({ ...here, region: 'nl-02' }).change).toBe('unknown')
    expect(c.get({ ...here, project: undefined }).change).toBe('unknown')
    expect(c.get({ ...here, profileId: 'p2' }).change).toBe('unknown')
    c.record(here, 'crypto:encrypt', 'ok')
    expect(c.get(here).use).toBe('allowed')
  })

  it('other failures prove nothing, and a read never counts as a write', () => {
    const c = new PermissionCache()
    c.record(here, 'keys:rotate', 'network')
    c.record(here, 'keys:rotate', 'not_found_or_no_access')
    c.record(here, 'keys:list', 'no_write_access')
    expect(c.get(here)).toEqual({ change: 'unknown', use: 'unknown' })
  })

  it('a later success lifts a denial, and a new token forgets what the old one could do', () => {
    const c = new PermissionCache()
    c.record(here, 'keys:create', 'no_write_access')
    c.record(here, 'keys:create', 'ok')
    expect(c.get(here).change).toBe('allowed')
    c.record(here, 'keys:disable', 'no_write_access')
    c.forgetProfile('p1')
    expect(c.get(here).change).toBe('unknown')
  })
})
