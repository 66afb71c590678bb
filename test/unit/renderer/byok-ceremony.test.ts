import { describe, expect, it } from 'vitest'
import { checksFor, stepDone, STEPS, type CeremonySnapshot } from '../../../src-renderer/src/features/byok/ceremony'
import { compareFingerprint, fingerprintGroups, spoken } from '../../../src-renderer/src/features/byok/fingerprint-words'

const FP = 'ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89'
const none: CeremonySnapshot = { wrappingKey: false, wrappingKeySaved: false, wrappingKeyConfirmed: false, material: false, settingsValid: false, bundleWritten: false, bundleOpened: false, regionMatches: false, imported: false, publicKeyMatches: undefined }

describe('the BYOK ceremony', () => {
  it('is three steps: online, offline, online', () => {
    expect(STEPS.map((s) => s.machine)).toEqual(['online', 'offline', 'online'])
  })

  it('completes a step only when every check holds', () => {
    expect(stepDone(1, none)).toBe(false)
    expect(stepDone(1, { ...none, wrappingKey: true, wrappingKeySaved: true })).toBe(true)
    const offline = { ...none, wrappingKey: true, material: true, settingsValid: true }
    expect(checksFor(2, offline).find((c) => c.id === 'wk-confirmed')?.done).toBe(false)
    expect(stepDone(2, { ...offline, wrappingKeyConfirmed: true, bundleWritten: true })).toBe(true)
  })

  it('refuses step 3 when the bundle is for another region or the public key differs', () => {
    const imported = { ...none, bundleOpened: true, imported: true }
    expect(stepDone(3, { ...imported, regionMatches: false, publicKeyMatches: true })).toBe(false)
    expect(stepDone(3, { ...imported, regionMatches: true, publicKeyMatches: false })).toBe(false)
    expect(stepDone(3, { ...imported, regionMatches: true, publicKeyMatches: undefined })).toBe(true)
  })
})

describe('fingerprints for people', () => {
  it('groups four hex digits at a time and spells them for reading aloud', () => {
    expect(fingerprintGroups(FP)).toHaveLength(16)
    expect(fingerprintGroups(FP)[0]).toBe('abcd')
    expect(spoken('ef01')).toBe('echo foxtrot zero one')
  })

  it('matches a copy with other separators and case', () => {
    expect(compareFingerprint(FP, FP.replaceAll(':', ' ').toUpperCase())).toEqual({ state: 'match' })
    expect(compareFingerprint(FP, fingerprintGroups(FP).join('-'))).toEqual({ state: 'match' })
  })

  it('names the first group that differs, and refuses what is not hex or is cut short', () => {
    expect(compareFingerprint(FP, FP.replace('ab:cd:ef:01:23', 'ab:cd:ef:01:24'))).toEqual({ state: 'mismatch', group: 3, expected: '2345', got: '2445' })
    expect(compareFingerprint(FP, FP.slice(0, 20))).toMatchObject({ state: 'mismatch', group: 4, got: '67' })
    expect(compareFingerprint(FP, 'zz:yy')).toMatchObject({ state: 'invalid' })
    expect(compareFingerprint(FP, '  ')).toEqual({ state: 'empty' })
  })
})
