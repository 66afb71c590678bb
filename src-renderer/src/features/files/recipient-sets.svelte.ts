import type { AppError } from '@contract/errors'
import type { RecipientSet } from '@contract/schemas/recipient-sets'
import { call, errorOf, kms } from '@lib/kms'
import { refOf, type RegionKey } from './files-state.svelte'

/** The saved recipient sets, kept by main in the settings file. */
export class RecipientSetsState {
  sets = $state<RecipientSet[]>([])
  error = $state<AppError | undefined>()
  /** After applying a set: its keys that no longer exist or are not active. */
  missing = $state<string[]>([])

  async load(): Promise<void> {
    await this.#do(async () => (this.sets = await call(kms.recipients.listSets())))
  }

  async save(name: string, keys: readonly RegionKey[]): Promise<boolean> {
    return this.#do(async () => (this.sets = await call(kms.recipients.saveSet({ name, recipients: keys.map(refOf) }))))
  }

  async remove(name: string): Promise<boolean> {
    return this.#do(async () => (this.sets = await call(kms.recipients.deleteSet({ name }))))
  }

  async #do(fn: () => Promise<unknown>): Promise<boolean> {
    this.error = undefined
    try {
      await fn()
      return true
    } catch (e) {
      this.error = errorOf(e)
      return false
    }
  }
}
