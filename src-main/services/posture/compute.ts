import { findingsForKey, type RuleContext } from './rules'
import { RULE_IDS, type PostureSettings } from './settings'
import type { Finding, PostureResult, RegionKeys, Severity, UsageSource } from './types'

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 }
const RULE_RANK = new Map(RULE_IDS.map((r, i) => [r, i]))

export const NO_USAGE: UsageSource = { lastUsed: () => undefined, localFiles: () => 0 }

export interface ComputeOptions {
  settings: PostureSettings
  usage?: UsageSource
  now?: number
}

/** Applies every rule to every key of every region and returns the sorted findings queue. */
export function computePosture(sets: readonly RegionKeys[], o: ComputeOptions): PostureResult {
  const now = o.now ?? Date.now()
  const off = new Set(o.settings.disabledRules)
  const findings: Finding[] = []
  let keysChecked = 0
  let keysWithFindings = 0
  for (const s of sets) {
    const c: RuleContext = { region: s.region, now, settings: o.settings, off, usage: o.usage ?? NO_USAGE }
    if (s.project !== undefined) c.project = s.project
    if (s.profile !== undefined) c.profile = s.profile
    for (const k of s.keys) {
      const before = findings.length
      findingsForKey(k, c, findings)
      keysChecked++
      if (findings.length > before) keysWithFindings++
    }
  }
  sortFindings(findings)
  const byRule: PostureResult['byRule'] = {}
  for (const f of findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1
  return { findings, byRule, keysChecked, keysWithFindings }
}

/** Loud first, then severity, rule, days left, region and key name; one numeric rank per finding keeps 10,000 cheap. */
function sortFindings(findings: Finding[]): void {
  const rank = (f: Finding) => ((f.loud ? 0 : 1) * 8 + SEVERITY_RANK[f.severity]) * 16 + (RULE_RANK.get(f.rule) ?? 0)
  const d = findings.map((f) => ({ f, r: rank(f) * 100_000 + Math.min(f.daysLeft ?? 0, 99_999) }))
  d.sort((a, b) => a.r - b.r || (a.f.region < b.f.region ? -1 : a.f.region > b.f.region ? 1 : 0) || (a.f.keyName < b.f.keyName ? -1 : a.f.keyName > b.f.keyName ? 1 : 0))
  for (let i = 0; i < d.length; i++) findings[i] = (d[i] as { f: Finding }).f
}
