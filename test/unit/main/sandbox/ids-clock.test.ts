import { describe, expect, it } from 'vitest'
import { newIdentity, slugify, stableIdentity } from '../../../../src-main/sandbox/ids'
import { createManualClock } from '../../../../src-main/sandbox/index'

describe('identities and slugs', () => {
  it('makes kms- + 20 lowercase base32 identities, unique per call', () => {
    const a = newIdentity('kms')
    expect(a).toMatch(/^kms-[0-9a-v]{20}$/)
    expect(newIdentity('kms')).not.toBe(a)
  })

  it('makes stable identities for configured objects', () => {
    expect(stableIdentity('org', 'sandbox')).toBe(stableIdentity('org', 'sandbox'))
    expect(stableIdentity('org', 'sandbox')).not.toBe(stableIdentity('org', 'no-kms'))
  })

  it.each([
    ['App Secrets', 'app-secrets'],
    ['  DNSSEC example.com  ', 'dnssec-example-com'],
    ['a__b--c', 'a-b-c'],
    ['Ünïcode ok', 'n-code-ok'],
    ['!!!', '']
  ])('slugify(%j) = %j', (name, slug) => {
    expect(slugify(name)).toBe(slug)
  })
})

describe('manual clock', () => {
  it('moves only when told', () => {
    const c = createManualClock(new Date('2026-01-01T00:00:00Z'))
    expect(c.now().toISOString()).toBe('2026-01-01T00:00:00.000Z')
    c.advance(1000)
    expect(c.now().toISOString()).toBe('2026-01-01T00:00:01.000Z')
    c.set(new Date('2030-01-01T00:00:00Z'))
    expect(c.now().getUTCFullYear()).toBe(2030)
  })

  it('refuses to go backwards through advance', () => {
    const c = createManualClock()
    expect(() => c.advance(-1)).toThrow(RangeError)
  })
})
