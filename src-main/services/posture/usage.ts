import type { ActivityEntry } from '@contract/schemas/activity'
import type { KmsKey } from '@contract/schemas/kms'
import { DAY_MS } from './dates'
import type { UsageSource } from './types'

/** Operations that use a key (not lifecycle changes made to it). */
const USE = /^(crypto|files):/

/**
 * Turns activity log entries into a recent-use lookup. The log names keys as the user typed them
 * (identity, slug or name, several joined by commas, or "name (identity)"), so each form is indexed.
 */
export function activityUsage(
  entries: readonly ActivityEntry[],
  o: { now: number; recentUseDays: number; localFiles?: (region: string, identity: string) => number }
): UsageSource {
  const since = o.now - o.recentUseDays * DAY_MS
  // region -> key token -> latest use: built once per run, so each key costs three map lookups.
  const last = new Map<string, Map<string, number>>()
  for (const e of entries) {
    if (!e.key || !e.region || !USE.test(e.operation)) continue
    const t = Date.parse(e.time)
    if (!(t >= since)) continue
    const toks = tokens(e.key)
    for (const region of e.region.split(',')) {
      const r = region.trim()
      let m = last.get(r)
      if (!m) last.set(r, (m = new Map()))
      for (const token of toks) if ((m.get(token) ?? 0) < t) m.set(token, t)
    }
  }
  const find = (region: string, k: KmsKey): number | undefined => {
    const m = last.get(region)
    if (!m) return undefined
    const a = k.identity ? m.get(k.identity) : undefined
    const b = k.slug ? m.get(k.slug) : undefined
    const c = k.name ? m.get(k.name) : undefined
    let best = a
    if (b !== undefined && (best === undefined || b > best)) best = b
    if (c !== undefined && (best === undefined || c > best)) best = c
    return best
  }
  return { lastUsed: find, localFiles: o.localFiles ?? (() => 0) }
}

function tokens(key: string): string[] {
  const out: string[] = []
  for (const part of key.split(',')) {
    const p = part.trim()
    if (!p) continue
    out.push(p)
    const m = /^(.*)\(([^()]+)\)$/.exec(p)
    if (m?.[1] && m[2]) out.push(m[1].trim(), m[2].trim())
  }
  return out
}
