import type { AppError } from '@contract/errors'
import type { PostureView } from '@contract/schemas/posture'
import { call } from '@lib/call'
import type { KmsApi } from '@lib/kms'
import { Action } from '@lib/stores/action.svelte'
import { Loader } from '@lib/stores/loader.svelte'
import type { Toasts } from '@lib/stores/toasts.svelte'
import { groupByRule } from './rule-groups'

export type PostureApi = Pick<KmsApi, 'posture'>

/** The Overview's findings queue: loaded from main, grouped by rule in queue order, and its export. */
export class PostureState {
  readonly #found = new Loader<PostureView>()
  allProjects = $state(false)
  allProfiles = $state(false)
  groups = $derived(groupByRule(this.#found.value?.findings ?? [], !this.allProjects && !this.allProfiles))
  readonly exporting: Action
  readonly #api: PostureApi

  constructor(api: PostureApi, toasts: Pick<Toasts, 'push'>) {
    this.#api = api
    this.exporting = new Action({ errors: 'toast', toasts })
  }

  get view(): PostureView | undefined {
    return this.#found.value
  }
  get error(): AppError | undefined {
    return this.#found.error
  }
  get loading(): boolean {
    return this.#found.loading
  }

  /** Asks again with the current scope choices; an answer for earlier choices is never shown. */
  load(): Promise<boolean> {
    const scope = { allProjects: this.allProjects, allProfiles: this.allProfiles }
    return this.#found.load(() => call(this.#api.posture.overview(scope)))
  }

  async exportReport(format: 'csv' | 'json' | 'html'): Promise<void> {
    const scope = { allProjects: this.allProjects, allProfiles: this.allProfiles }
    await this.exporting.run(() => call(this.#api.posture.exportReport({ format, ...scope })), {
      what: format,
      done: (r) => (r.cancelled ? undefined : `Key inventory saved to ${r.path}`)
    })
  }
}
