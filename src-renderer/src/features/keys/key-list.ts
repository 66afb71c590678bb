import type { KeyType } from '@contract/schemas/key-types'
import type { KeyStatus, KmsKey } from '@contract/schemas/kms'

/** Pure list logic of the key browser: local filters, label queries, sorting, rotation dates. */

export type SortColumn =
  'name' | 'slug' | 'identity' | 'keyType' | 'status' | 'latestVersion' | 'rotation' | 'createdAt'
export interface Sort {
  column: SortColumn
  dir: 'asc' | 'desc'
}

export interface LabelTerm {
  key: string
  /** undefined: the label must merely exist. */
  value?: string
}

export interface LocalFilter {
  search: string
  status: KeyStatus | ''
  type: KeyType | ''
  labels: LabelTerm[]
}

const DAY_MS = 86_400_000

/** `env=prod, team` → [{key:'env', value:'prod'}, {key:'team'}]; an empty key is an error. */
export function parseLabelQuery(text: string): { terms: LabelTerm[]; error?: string } {
  const terms: LabelTerm[] = []
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const eq = part.indexOf('=')
    const key = (eq < 0 ? part : part.slice(0, eq)).trim()
    if (key === '') return { terms: [], error: `"${part}" has no label key: write key=value or key.` }
    terms.push(eq < 0 ? { key } : { key, value: part.slice(eq + 1).trim() })
  }
  return { terms }
}

/** Lower-cased text the search box matches against, computed once per key list. */
export function searchText(k: KmsKey): string {
  const labels = Object.entries(k.labels ?? {}).map(([a, b]) => `${a}=${b}`)
  return [k.name, k.slug, k.identity, k.description ?? '', k.keyType, ...labels].join('\n').toLowerCase()
}

function matches(k: KmsKey, text: string, f: LocalFilter): boolean {
  if (f.status !== '' && k.status !== f.status) return false
  if (f.type !== '' && k.keyType !== f.type) return false
  for (const t of f.labels) {
    const v = k.labels?.[t.key]
    if (v === undefined || (t.value !== undefined && v !== t.value)) return false
  }
  const q = f.search.trim().toLowerCase()
  return q === '' || q.split(/\s+/).every((w) => text.includes(w))
}

/** Filters with a precomputed haystack per key (keys and texts share indexes). */
export function filterKeys(keys: readonly KmsKey[], texts: readonly string[], f: LocalFilter): KmsKey[] {
  const out: KmsKey[] = []
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as KmsKey
    if (matches(k, texts[i] ?? '', f)) out.push(k)
  }
  return out
}

function sortValue(k: KmsKey, c: SortColumn): string | number {
  switch (c) {
    case 'latestVersion':
      return k.latestVersion ?? 0
    case 'rotation':
      return k.keyRotationEnabled ? (k.rotationPeriodInDays ?? 0) : Number.POSITIVE_INFINITY
    case 'createdAt':
      return Date.parse(k.createdAt) || 0
    default:
      return k[c].toLowerCase()
  }
}

export function sortKeys(keys: readonly KmsKey[], s: Sort): KmsKey[] {
  const sign = s.dir === 'asc' ? 1 : -1
  const decorated = keys.map((k) => ({ k, v: sortValue(k, s.column) }))
  decorated.sort((a, b) => (a.v < b.v ? -sign : a.v > b.v ? sign : a.k.identity < b.k.identity ? -1 : 1))
  return decorated.map((d) => d.k)
}

/**
 * When the next automatic rotation is due: the latest version's createdAt + the period.
 * INFERRED (reference §5): the API has no "next rotation" field.
 */
export function nextRotationDue(k: KmsKey): Date | undefined {
  if (!k.keyRotationEnabled || !k.rotationPeriodInDays) return undefined
  // A key pending deletion never rotates again (only active keys rotate): no due date to show.
  if (k.status === 'pending_deletion') return undefined
  const latest = k.versions?.find((v) => v.version === k.latestVersion) ?? k.versions?.at(-1)
  const base = Date.parse(latest?.createdAt ?? k.createdAt)
  return Number.isNaN(base) ? undefined : new Date(base + k.rotationPeriodInDays * DAY_MS)
}

export function rotationText(k: KmsKey): string {
  if (k.status === 'pending_deletion' && k.keyRotationEnabled) return 'stopped (deletion)'
  return k.keyRotationEnabled && k.rotationPeriodInDays ? `every ${k.rotationPeriodInDays} d` : 'manual'
}

/** The purge date a deletion scheduled now would get (the KMS keeps pending keys 30 days). */
export function deletionDateFrom(now: number, windowDays = 30): Date {
  return new Date(now + windowDays * DAY_MS)
}
