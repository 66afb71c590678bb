import type { FileRecipient } from '@contract/schemas/files'
import type { RecipientSet } from '@contract/schemas/recipient-sets'
import { call } from '@lib/call'
import type { KmsApi } from '@lib/kms'
import { Action } from '@lib/stores/action.svelte'

export type RecipientSetsApi = Pick<KmsApi, 'recipients'>

/** The saved recipient sets, kept by main in the settings file; each change answers with the whole list. */
export class RecipientSetsState {
  sets = $state<RecipientSet[]>([])
  /** After applying a set: its keys that no longer exist or are not active. */
  missing = $state<string[]>([])
  readonly action = new Action({ errors: 'panel' })
  readonly #api: RecipientSetsApi

  constructor(api: RecipientSetsApi) {
    this.#api = api
  }

  load(): Promise<boolean> {
    return this.#apply(() => call(this.#api.recipients.listSets()), 'The recipient sets could not be read')
  }

  save(name: string, recipients: FileRecipient[]): Promise<boolean> {
    return this.#apply(() => call(this.#api.recipients.saveSet({ name, recipients })))
  }

  remove(name: string): Promise<boolean> {
    return this.#apply(() => call(this.#api.recipients.deleteSet({ name })))
  }

  async #apply(fn: () => Promise<RecipientSet[]>, title = 'The recipient set could not be changed'): Promise<boolean> {
    const r = await this.action.run(fn, { title })
    if (r.ok) this.sets = r.value
    return r.ok
  }
}
