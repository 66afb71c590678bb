import type { RecipientSet } from '@contract/schemas/recipient-sets'
import type { KmsKey } from '@contract/schemas/kms'

interface PickableKey extends Pick<KmsKey, 'name' | 'slug' | 'identity' | 'labels' | 'keyType'> {
  region: string
}

const idOf = (k: { region: string; identity: string }) => `${k.region}/${k.identity}`

/** Everything a query may match: name, slug, region, type and labels (as `key=value`, key and value). */
function haystack(k: PickableKey): string {
  const labels = Object.entries(k.labels ?? {}).flatMap(([a, b]) => [`${a}=${b}`, a, b])
  return [k.name, k.slug, k.region, k.keyType, ...labels].join('\n').toLowerCase()
}

/** Keys not yet chosen whose fields contain every word of the query (in any order). */
export function filterRecipients<K extends PickableKey>(
  keys: readonly K[],
  query: string,
  chosen: readonly string[]
): K[] {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 0)
  return keys.filter((k) => !chosen.includes(idOf(k)) && words.every((w) => haystack(k).includes(w)))
}

/** Applies a saved set: the ids of its keys that still exist, and the names of those that do not. */
export function resolveSet<K extends PickableKey>(
  set: RecipientSet,
  keys: readonly K[]
): { ids: string[]; missing: string[] } {
  const ids: string[] = []
  const missing: string[] = []
  for (const r of set.recipients) {
    const k = keys.find((x) => x.region === r.region && x.identity === r.identity)
    if (k) ids.push(idOf(k))
    else missing.push(`${r.region}/${r.slug || r.identity}`)
  }
  return { ids, missing }
}

/** Moves the highlighted row of a list with arrow keys, wrapping at both ends; -1 when the list is empty. */
export function moveHighlight(current: number, length: number, step: 1 | -1): number {
  if (length === 0) return -1
  return (current + step + length) % length
}
