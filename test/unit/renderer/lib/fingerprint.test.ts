import { describe, expect, it } from 'vitest'
import { compareFingerprint, groupFingerprint, normaliseHex } from '@lib/fingerprint'

const FP = 'ab:cd:ef:01:23:45:67:89:0a:bc:de:f0:12:34:56:78'

describe('fingerprints for reading aloud', () => {
  it('groups hex in fours, upper case, whatever separators it came with', () => {
    expect(groupFingerprint(FP)).toEqual(['ABCD', 'EF01', '2345', '6789', '0ABC', 'DEF0', '1234', '5678'])
    expect(normaliseHex(' AB cd-EF ')).toBe('ABCDEF')
  })

  it('matches a pasted copy that differs only in case, spaces and colons', () => {
    expect(compareFingerprint(FP, 'ABCD EF01 2345 6789 0ABC DEF0 1234 5678')).toEqual({ kind: 'match', groups: 8 })
    expect(compareFingerprint(FP, FP.toUpperCase())).toEqual({ kind: 'match', groups: 8 })
  })

  it('names the first group that differs', () => {
    const r = compareFingerprint(FP, 'ABCD EF01 2345 6789 0ABC DEF0 1234 5679')
    expect(r).toMatchObject({ kind: 'mismatch', group: 8 })
    expect(r.kind === 'mismatch' && r.message).toContain('expected 5678, pasted 5679')
  })

  it('refuses text that is not hex, and says a shorter copy is shorter', () => {
    expect(compareFingerprint(FP, 'not a fingerprint').kind).toBe('invalid')
    expect(compareFingerprint(FP, '')).toEqual({ kind: 'empty' })
    const r = compareFingerprint(FP, 'ABCD EF01 23')
    expect(r).toMatchObject({ kind: 'mismatch', group: 3 })
    expect(r.kind === 'mismatch' && r.message).toContain('shorter')
    expect(compareFingerprint(FP, `${FP}00`)).toMatchObject({ kind: 'mismatch', group: 9 })
  })
})
