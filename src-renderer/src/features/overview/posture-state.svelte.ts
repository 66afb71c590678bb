import type { AppError } from '../../../../src-preload/contract/errors'
import type { FindingView, PostureView, RuleId } from '../../../../src-preload/contract/schemas/posture'
import { call, errorOf, kms } from '../../lib/kms'

export interface RuleGroup {
  rule: RuleId
  findings: FindingView[]
  /** Regions of the findings in the current scope, with counts (the Keys list shows one region). */
  regions: { region: string; ids: Set<string> }[]
}

/** The Overview's findings queue: loaded from main, grouped by rule in queue order. */
export class PostureState {
  view = $state.raw<PostureView | undefined>()
  error = $state<AppError | undefined>()
  loading = $state(false)
  allProjects = $state(false)
  allProfiles = $state(false)
  #seq = 0

  groups = $derived(groupByRule(this.view?.findings ?? [], !this.allProjects && !this.allProfiles))

  async load(): Promise<void> {
    const seq = ++this.#seq
    this.loading = true
    try {
      const v = await call(kms.posture.overview({ allProjects: this.allProjects, allProfiles: this.allProfiles }))
      if (seq === this.#seq) [this.view, this.error] = [v, undefined]
    } catch (e) {
      if (seq === this.#seq) this.error = errorOf(e)
    } finally {
      if (seq === this.#seq) this.loading = false
    }
  }
}

function groupByRule(findings: readonly FindingView[], currentScopeOnly: boolean): RuleGroup[] {
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
