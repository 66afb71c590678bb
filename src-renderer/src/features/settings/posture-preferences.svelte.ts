import type { PostureSettings } from '@contract/schemas/posture'
import { call } from '@lib/call'
import type { KmsApi } from '@lib/kms'
import { Action } from '@lib/stores/action.svelte'
import type { Toasts } from '@lib/stores/toasts.svelte'

export type PosturePreferencesApi = Pick<KmsApi, 'settings' | 'index'>

/** The posture settings and the watched folders, as main last answered; every change is toasted. */
export class PosturePreferences {
  posture = $state<PostureSettings | undefined>()
  watched = $state<string[]>([])
  readonly action: Action
  readonly #api: PosturePreferencesApi

  constructor(api: PosturePreferencesApi, toasts: Pick<Toasts, 'push'>) {
    this.#api = api
    this.action = new Action({ errors: 'toast', toasts })
  }

  /** The settings (a failure is toasted) and the watch list (a failure leaves it empty). */
  async load(): Promise<PostureSettings | undefined> {
    const [settings] = await Promise.all([
      this.action.run(() => call(this.#api.settings.get()), { title: 'The posture settings could not be read' }),
      this.#loadWatched().catch(() => undefined)
    ])
    if (!settings.ok) return undefined
    this.posture = settings.value.posture
    return this.posture
  }

  async save(patch: Partial<PostureSettings>, done: string): Promise<boolean> {
    const r = await this.action.run(() => call(this.#api.settings.set({ posture: patch })), {
      done,
      hint: 'Use whole numbers in the allowed range.'
    })
    if (r.ok) this.posture = r.value.posture
    return r.ok
  }

  async addWatch(): Promise<void> {
    const r = await this.action.run(() => call(this.#api.index.addWatch()), {
      what: 'watch',
      done: (s) =>
        s.cancelled
          ? undefined
          : `Watching ${s.folder}: ${s.indexed} encrypted file${s.indexed === 1 ? '' : 's'} indexed`
    })
    if (r.ok && !r.value.cancelled) await this.action.run(() => this.#loadWatched())
  }

  async unwatch(folder: string): Promise<void> {
    const r = await this.action.run(() => call(this.#api.index.removeWatch({ folder })), {
      title: 'The folder is still watched'
    })
    if (r.ok) this.watched = r.value.watched
  }

  async rescan(): Promise<void> {
    await this.action.run(() => call(this.#api.index.rescan()), {
      what: 'rescan',
      done: (r) => `${r.indexed} encrypted files indexed in ${r.folders} folders`
    })
  }

  async #loadWatched(): Promise<void> {
    this.watched = (await call(this.#api.index.watched())).watched
  }
}
