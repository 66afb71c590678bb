import type { FindingView, RuleId } from '@contract/schemas/posture'

export interface RuleGroup {
  rule: RuleId
  findings: FindingView[]
  /** Regions of the findings in the current scope, with their keys (the Keys list shows one region). */
  regions: { region: string; ids: Set<string> }[]
}

/** Groups the queue by rule, keeping queue order (most urgent first). */
export function groupByRule(findings: readonly FindingView[], currentScopeOnly: boolean): RuleGroup[] {
  const groups = new Map<RuleId, RuleGroup>()
  for (const f of findings) {
    let g = groups.get(f.rule)
    if (!g) groups.set(f.rule, (g = { rule: f.rule, findings: [], regions: [] }))
    g.findings.push(f)
    // Findings of other profiles or projects cannot be shown in this scope's Keys list.
    if (!currentScopeOnly) continue
    let r = g.regions.find((x) => x.region === f.region)
    if (!r) g.regions.push((r = { region: f.region, ids: new Set() }))
    r.ids.add(f.keyIdentity)
  }
  return [...groups.values()]
}
