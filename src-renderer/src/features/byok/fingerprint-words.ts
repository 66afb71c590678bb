/** Fingerprints made for people: groups to read aloud (the comparison with a typed copy is lib/fingerprint.ts). */

const SPOKEN: Record<string, string> = {
  '0': 'zero',
  '1': 'one',
  '2': 'two',
  '3': 'three',
  '4': 'four',
  '5': 'five',
  '6': 'six',
  '7': 'seven',
  '8': 'eight',
  '9': 'nine',
  a: 'alfa',
  b: 'bravo',
  c: 'charlie',
  d: 'delta',
  e: 'echo',
  f: 'foxtrot'
}

/** Lower-case hex digits only: colons, spaces, dashes and case do not matter when comparing. */
const normalise = (fp: string) => fp.toLowerCase().replace(/[\s:-]/g, '')

/** "ab:cd:ef:01:…" → ["abcd", "ef01", …]: four hex digits a group. */
export function fingerprintGroups(fp: string): string[] {
  return normalise(fp).match(/.{1,4}/g) ?? []
}

/** One group as words: "ab01" → "alfa bravo zero one". */
export const spoken = (group: string) => [...group].map((c) => SPOKEN[c] ?? c).join(' ')
