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
  findings.sort(compareFindings)
  const byRule: PostureResult['byRule'] = {}
  for (const f of findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1
  return { findings, byRule, keysChecked, keysWithFindings }
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    Number(b.loud ?? false) - Number(a.loud ?? false) ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (RULE_RANK.get(a.rule) ?? 0) - (RULE_RANK.get(b.rule) ?? 0) ||
    (a.daysLeft ?? 0) - (b.daysLeft ?? 0) ||
    (a.region < b.region ? -1 : a.region > b.region ? 1 : 0) ||
    (a.keyName < b.keyName ? -1 : a.keyName > b.keyName ? 1 : 0)
  )
}
