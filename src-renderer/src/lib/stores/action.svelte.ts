import { untrack } from 'svelte'
import type { AppError } from '@contract/errors'
import { errorOf } from '../call'
import type { Toast, Toasts } from './toasts.svelte'

/** What a success says: a line (an ok toast), a toast of its own, or nothing. */
export type Said = string | Omit<Toast, 'id'> | undefined

export interface ActionOptions {
  /** Where a failure goes: a toast, or `error` for the screen's compact ErrorPanel. */
  errors: 'toast' | 'panel'
  toasts?: Pick<Toasts, 'push'>
  /** Told of every failure, e.g. so a refusal for lack of write access updates what the UI allows. */
  onerror?: (error: AppError, title: string | undefined) => void
}

export interface RunOptions<T> {
  /** The success toast, from the server's answer (never a local guess). */
  done?: Said | ((value: T) => Said)
  /** The ErrorPanel's title for a failure of this call; in toast mode, the failure's first words. */
  title?: string
  /** What to do about a failure that comes without a hint of its own (e.g. the allowed range). */
  hint?: string
  /** Which of the screen's actions this is (e.g. `test:<id>`), so only its button shows the wait. */
  what?: string
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppError }

/**
 * One user action at a time on a screen or dialog: `busy` while a call runs, its failure shown
 * where the screen shows failures (a toast or a compact panel), its success toasted. The one
 * helper for every action, so none forgets the busy flag, the error copy or the outcome.
 */
export class Action {
  #running = $state.raw<string[]>([])
  busy = $derived(this.#running.length > 0)
  /** The `what` of the latest run still on its way ('' for a run without one). */
  doing = $derived(this.#running.at(-1))
  /** The last failure, for an ErrorPanel (panel mode); cleared when the next run starts. */
  error = $state<AppError | undefined>()
  title = $state<string | undefined>()
  readonly #options: ActionOptions

  constructor(options: ActionOptions) {
    this.#options = options
  }

  async run<T>(fn: () => Promise<T>, options: RunOptions<T> = {}): Promise<Outcome<T>> {
    const what = options.what ?? ''
    // Untracked: a run started inside an $effect (a load) must not make the effect depend on it.
    this.#running = [...untrack(() => this.#running), what]
    this.clear()
    try {
      const value = await fn()
      const said = typeof options.done === 'function' ? options.done(value) : options.done
      if (said !== undefined) this.#say(said)
      return { ok: true, value }
    } catch (e) {
      const found = errorOf(e)
      const error = found.hint || !options.hint ? found : { ...found, hint: options.hint }
      if (this.#options.errors === 'panel') [this.error, this.title] = [error, options.title]
      else
        this.#options.toasts?.push(
          'error',
          options.title ? `${options.title}: ${error.message}` : error.message,
          error.hint
        )
      this.#options.onerror?.(error, options.title)
      return { ok: false, error }
    } finally {
      const running = untrack(() => this.#running)
      this.#running = running.toSpliced(running.lastIndexOf(what), 1)
    }
  }

  /** Whether a run of this `what` is on its way. */
  running(what: string): boolean {
    return this.#running.includes(what)
  }

  clear(): void {
    this.error = this.title = undefined
  }

  #say(said: Exclude<Said, undefined>): void {
    if (typeof said === 'string') this.#options.toasts?.push('ok', said)
    else this.#options.toasts?.push(said.kind, said.text, said.hint)
  }
}
