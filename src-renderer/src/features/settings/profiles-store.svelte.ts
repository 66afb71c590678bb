import type { ProfileView, TestConnectionResult } from '@contract/schemas/profiles'
import { call } from '@lib/call'
import type { KmsApi } from '@lib/kms'
import { Action } from '@lib/stores/action.svelte'
import type { Toasts } from '@lib/stores/toasts.svelte'

export type ProfilesApi = Pick<KmsApi, 'profiles'>
/** What the list needs of the session (lib/stores/session): its reload and its switch of profile. */
export interface ProfilesSession {
  load(): Promise<void>
  selectProfile(id: string): Promise<void>
}

/**
 * The actions of the profiles list: test, use, delete, import from tcloud. Each is toasted; only
 * the button of the running action waits (`action.running('test:<id>')`), the others stay usable.
 */
export class ProfilesStore {
  /** The last connection test of each profile, by profile id. */
  tests = $state<Record<string, TestConnectionResult>>({})
  readonly action: Action
  readonly #api: ProfilesApi
  readonly #session: ProfilesSession

  constructor(api: ProfilesApi, session: ProfilesSession, toasts: Pick<Toasts, 'push'>) {
    this.#api = api
    this.#session = session
    this.action = new Action({ errors: 'toast', toasts })
  }

  async reload(): Promise<void> {
    await this.action.run(() => this.#session.load(), { title: 'Profiles could not be reloaded' })
  }

  async test(p: ProfileView): Promise<void> {
    const r = await this.action.run(() => call(this.#api.profiles.testConnection({ id: p.id })), {
      what: `test:${p.id}`,
      title: 'Connection test failed'
    })
    if (r.ok) this.tests = { ...this.tests, [p.id]: r.value }
  }

  async use(p: ProfileView): Promise<void> {
    await this.action.run(() => this.#session.selectProfile(p.id), {
      what: `use:${p.id}`,
      title: 'The profile could not be selected',
      done: `Now using “${p.name}”`
    })
  }

  /** Deletes the profile and its stored secret; true when it is gone (the list is then reloaded, not awaited). */
  async remove(p: ProfileView): Promise<boolean> {
    const r = await this.action.run(() => call(this.#api.profiles.delete({ id: p.id })), {
      what: `delete:${p.id}`,
      title: 'The profile was not deleted',
      done: `Profile “${p.name}” and its stored secret deleted`
    })
    if (r.ok) void this.reload()
    return r.ok
  }

  async importTcloud(includeEnv: boolean): Promise<void> {
    const r = await this.action.run(() => call(this.#api.profiles.importTcloud({ includeEnv })), {
      what: 'import',
      title: 'Import failed',
      done: (r) => {
        const skipped = r.skipped.length ? ` ${r.skipped.length} skipped (${r.skipped.join(', ')}).` : ''
        const from = `the tcloud CLI config${includeEnv ? ' and THALASSA_* variables' : ''}`
        const notes = r.notes.join(' ')
        return {
          kind: r.imported.length ? 'ok' : 'info',
          text: `Imported ${r.imported.length} profile(s) from ${from}.${skipped}`,
          ...(notes ? { hint: notes } : {})
        }
      }
    })
    if (r.ok) await this.reload()
  }
}
