import type { ActivityEntry } from '../../../src-preload/contract/schemas/activity'
import type { KmsKey } from '../../../src-preload/contract/schemas/kms'
import { DAY_MS } from './dates'
import type { UsageSource } from './types'

/** Operations that use a key (not lifecycle changes made to it). */
const USE = /^(crypto|files):/

/**
 * Turns activity log entries into a recent-use lookup. The log names keys as the user typed them
 * (identity, slug or name, several joined by commas, or "name (identity)"), so each form is indexed.
 */
export function activityUsage(entries: readonly ActivityEntry[], o: { now: number; recentUseDays: number; localFiles?: (region: string, identity: string) => number }): UsageSource {
  const since = o.now - o.recentUseDays * DAY_MS
  const last = new Map<string, number>()
  for (const e of entries) {
    if (!e.key || !e.region || !USE.test(e.operation)) continue
    const t = Date.parse(e.time)
    if (!(t >= since)) continue
    const regions = e.region.split(',').map((r) => r.trim())
    for (const token of tokens(e.key)) {
      for (const r of regions) {
        const k = `${r}\u0000${token}`
        if ((last.get(k) ?? 0) < t) last.set(k, t)
      }
    }
  }
  const find = (region: string, k: KmsKey): number | undefined => {
    let best: number | undefined
    for (const id of [k.identity, k.slug, k.name]) {
      if (!id) continue
      const t = last.get(`${region}\u0000${id}`)
      if (t !== undefined && (best === undefined || t > best)) best = t
    }
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
