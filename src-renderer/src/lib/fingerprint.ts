/**
 * Fingerprints for reading aloud and comparing by eye: hex digits only (case, spaces, colons and
 * dashes are dropped), shown upper case in groups of four ("3F2A 91BC …").
 */
const GROUP = 4

export function normaliseHex(value: string): string {
  return value.replace(/[\s:-]/g, '').toUpperCase()
}

export function groupFingerprint(value: string, size = GROUP): string[] {
  const hex = normaliseHex(value)
  const out: string[] = []
  for (let i = 0; i < hex.length; i += size) out.push(hex.slice(i, i + size))
  return out
}

export type Comparison =
  | { kind: 'empty' }
  | { kind: 'invalid'; message: string }
  | { kind: 'match'; groups: number }
  | { kind: 'mismatch'; group: number; message: string }

/** Compares a pasted fingerprint with the expected one and names the first group that differs. */
export function compareFingerprint(expected: string, pasted: string): Comparison {
  const want = normaliseHex(expected)
  const got = normaliseHex(pasted)
  if (got === '') return { kind: 'empty' }
  if (!/^[0-9A-F]+$/.test(got))
    return {
      kind: 'invalid',
      message: 'That is not a fingerprint: use hex digits (0–9, A–F); spaces and colons are ignored.'
    }
  const n = Math.min(want.length, got.length)
  let i = 0
  while (i < n && want[i] === got[i]) i++
  if (i === want.length && i === got.length) return { kind: 'match', groups: Math.ceil(want.length / GROUP) }
  const group = Math.floor(i / GROUP) + 1
  if (i === n) {
    const what = got.length < want.length ? 'is shorter' : 'is longer'
    return {
      kind: 'mismatch',
      group,
      message: `Mismatch: the pasted fingerprint ${what} (${got.length} of ${want.length} digits); it stops agreeing at group ${group}.`
    }
  }
  return {
    kind: 'mismatch',
    group,
    message: `Mismatch at group ${group}: expected ${groupFingerprint(want)[group - 1]}, pasted ${groupFingerprint(got)[group - 1]}.`
  }
}
