/** Inline checks of the create and rotation forms, mirroring the contract's limits. */

export function periodError(days: number): string | undefined {
  if (!Number.isInteger(days) || days < 1 || days > 3650)
    return 'The rotation period is a whole number of days from 1 to 3650.'
  return undefined
}

export function nameError(name: string): string | undefined {
  const n = name.trim()
  if (n === '') return 'A name is required.'
  if (n.length > 255) return `The name is ${n.length} characters; the limit is 255.`
  if (slugPreview(n) === '') return 'The name needs at least one letter (a–z) or digit: the slug is derived from them.'
  return undefined
}

export function descriptionError(d: string): string | undefined {
  return d.length > 1024 ? `The description is ${d.length} characters; the limit is 1024.` : undefined
}

export interface Pair {
  key: string
  value: string
}

/** Errors per row (by index) of a key/value editor: empty or duplicate keys. */
export function pairErrors(pairs: readonly Pair[]): (string | undefined)[] {
  const seen = new Set<string>()
  return pairs.map((p) => {
    const k = p.key.trim()
    if (k === '' && p.value.trim() === '') return undefined
    if (k === '') return 'The key is empty.'
    if (seen.has(k)) return `The key "${k}" appears twice.`
    seen.add(k)
    return undefined
  })
}

export function pairsToMap(pairs: readonly Pair[]): Record<string, string> | undefined {
  const entries = pairs.filter((p) => p.key.trim() !== '').map((p) => [p.key.trim(), p.value] as const)
  return entries.length ? Object.fromEntries(entries) : undefined
}

/** The slug the server will derive from a name (INFERRED: lower-case a–z0–9 runs joined by "-"). */
export function slugPreview(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}
