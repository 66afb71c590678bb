import type { BulkSelector, BulkTarget } from '@contract/schemas/bulk'
import type { KmsKey } from '@contract/schemas/kms'
import type { KmsClient } from '../kms/client'

/** Every given criterion must hold; labels must all be present with exactly these values. */
function matches(k: KmsKey, s: BulkSelector): boolean {
  if (s.type && k.keyType !== s.type) return false
  if (s.status && k.status !== s.status) return false
  return Object.entries(s.labels ?? {}).every(([name, value]) => k.labels?.[name] === value)
}

export interface SelectedKey extends BulkTarget {
  key: KmsKey
}

/** The regions to search: the selector's, else every region the summary lists with KMS. */
async function selectorRegions(c: KmsClient, s: BulkSelector): Promise<string[]> {
  if (s.regions?.length) return s.regions
  return (await c.summary()).regions.filter((r) => r.kmsAvailable).map((r) => r.slug)
}

/** Lists the keys a selector picks, region by region, in the order the KMS lists them. */
export async function selectKeys(c: KmsClient, s: BulkSelector, signal?: AbortSignal): Promise<SelectedKey[]> {
  const out: SelectedKey[] = []
  for (const region of await selectorRegions(c, s)) {
    const keys = await c.listKeys(region, {}, signal ? { signal } : undefined)
    for (const key of keys) if (matches(key, s)) out.push({ region, identity: key.identity, name: key.name, key })
  }
  return out
}

/** "profile · region[, region…]": the scope a deletion confirmation must name. */
export function scopeLabel(profile: string, targets: readonly BulkTarget[]): string {
  const regions = [...new Set(targets.map((t) => t.region))].sort()
  return `${profile} · ${regions.join(', ') || '(no region)'}`
}
