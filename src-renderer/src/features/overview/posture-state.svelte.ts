import type { AppError } from '@contract/errors'
import type { PostureView } from '@contract/schemas/posture'
import { groupByRule } from './rule-groups'
import { call, errorOf, kms } from '@lib/kms'

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
