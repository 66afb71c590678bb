import { describe, expect, it } from 'vitest'
import { checksFor, stepDone, STEPS, type CeremonySnapshot } from '../../../../../src-renderer/src/features/byok/ceremony'
import { fingerprintGroups, spoken } from '../../../../../src-renderer/src/features/byok/fingerprint-words'
import { compareFingerprint } from '@lib/fingerprint'

const FP = 'ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89'
const none: CeremonySnapshot = {
  wrappingKey: false,
  wrappingKeySaved: false,
  wrappingKeyConfirmed: false,
  material: false,
  settingsValid: false,
  bundleWritten: false,
  bundleOpened: false,
  regionMatches: false,
  imported: false,
  publicKeyMatches: undefined
}

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
    expect(compareFingerprint(FP, FP.replaceAll(':', ' ').toUpperCase())).toEqual({ kind: 'match', groups: 16 })
    expect(compareFingerprint(FP, fingerprintGroups(FP).join('-'))).toEqual({ kind: 'match', groups: 16 })
  })

  it('names the first group that differs, and refuses what is not hex or is cut short', () => {
    expect(compareFingerprint(FP, FP.replace('ab:cd:ef:01:23', 'ab:cd:ef:01:24'))).toMatchObject({
      kind: 'mismatch',
      group: 3,
      message: 'Mismatch at group 3: expected 2345, pasted 2445.'
    })
    expect(compareFingerprint(FP, FP.slice(0, 20))).toMatchObject({
      kind: 'mismatch',
      group: 4,
      message: expect.stringContaining('is shorter') as unknown
    })
    expect(compareFingerprint(FP, 'zz:yy')).toMatchObject({ kind: 'invalid' })
    expect(compareFingerprint(FP, '  ')).toEqual({ kind: 'empty' })
  })
})
