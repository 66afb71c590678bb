import type { ActivityEntry, ActivityFilter } from '@contract/schemas/activity'
import { call } from '@lib/call'
import type { KmsApi } from '@lib/kms'
import { Loader } from '@lib/stores/loader.svelte'

export type ActivityApi = Pick<KmsApi, 'activity'>

/**
 * The activity log as filtered: the latest filter's answer only (typing fast sends many), and the
 * operations and keys seen so far, offered in the filters (they only grow, so a choice stays offered).
 */
export class ActivityLog {
  readonly page = new Loader<{ entries: ActivityEntry[]; skipped: number }>()
  entries = $derived(this.page.value?.entries ?? [])
  operations = $state.raw<string[]>([])
  keys = $state.raw<string[]>([])
  readonly #api: ActivityApi

  constructor(api: ActivityApi) {
    this.#api = api
  }

  async load(filter: ActivityFilter): Promise<void> {
    if (!(await this.page.load(() => call(this.#api.activity.list(filter))))) return
    const entries = this.page.value?.entries ?? []
    this.operations = distinct([...this.operations, ...entries.map((e) => e.operation)])
    this.keys = distinct([...this.keys, ...entries.flatMap((e) => e.key?.split(', ') ?? [])])
  }
}

const distinct = (names: string[]): string[] => [...new Set(names)].sort()
