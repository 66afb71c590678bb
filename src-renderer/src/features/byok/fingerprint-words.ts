/** Fingerprints made for people: groups to read aloud, and a tolerant comparison with a typed copy. */

const SPOKEN: Record<string, string> = {
  '0': 'zero', '1': 'one', '2': 'two', '3': 'three', '4': 'four', '5': 'five', '6': 'six', '7': 'seven', '8': 'eight', '9': 'nine',
  a: 'alfa', b: 'bravo', c: 'charlie', d: 'delta', e: 'echo', f: 'foxtrot'
}

/** Lower-case hex digits only: colons, spaces, dashes and case do not matter when comparing. */
export const normalise = (fp: string) => fp.toLowerCase().replace(/[\s:-]/g, '')

/** "ab:cd:ef:01:…" → ["abcd", "ef01", …]: four hex digits a group. */
export function fingerprintGroups(fp: string): string[] {
  return normalise(fp).match(/.{1,4}/g) ?? []
}

/** One group as words: "ab01" → "alfa bravo zero one". */
export const spoken = (group: string) => [...group].map((c) => SPOKEN[c] ?? c).join(' ')

export type Comparison = { state: 'empty' } | { state: 'match' } | { state: 'mismatch'; group: number; expected: string; got: string } | { state: 'invalid'; message: string }

/** Compares a fingerprint typed or pasted from the other machine with the one shown here. */
export function compareFingerprint(shown: string, typed: string): Comparison {
  const t = normalise(typed)
  if (t === '') return { state: 'empty' }
  if (/[^0-9a-f]/.test(t)) return { state: 'invalid', message: 'A fingerprint has only 0–9 and a–f (colons and spaces are ignored).' }
  const want = fingerprintGroups(shown)
  const got = t.match(/.{1,4}/g) ?? []
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    if (want[i] !== got[i]) return { state: 'mismatch', group: i + 1, expected: want[i] ?? '(nothing)', got: got[i] ?? '(nothing)' }
  }
  return { state: 'match' }
}
