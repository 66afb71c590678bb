import type { AppError } from '@contract/errors'
import type { Result } from '@contract/result'

export type Pushed = [kind: string, text: string, hint?: string]

/** A toasts stand-in that records what a store said. */
export function toasts(): {
  push: (kind: 'ok' | 'error' | 'info', text: string, hint?: string) => void
  seen: Pushed[]
} {
  const seen: Pushed[] = []
  return { seen, push: (kind, text, hint) => void seen.push(hint === undefined ? [kind, text] : [kind, text, hint]) }
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = (error: AppError): Result<never> => ({ ok: false, error })
export const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0))

/** A call that answers only when the test says so, so a store can be seen while it waits. */
export function pending<T>(): { promise: Promise<T>; answer: (v: T) => void } {
  let answer: (v: T) => void = () => undefined
  const promise = new Promise<T>((res) => (answer = res))
  return { promise, answer }
}

/** Records the calls of one API method and answers each from the script, in order. */
export function scripted<Req, T>(...answers: Result<T>[]): { calls: Req[]; fn: (req: Req) => Promise<Result<T>> } {
  const calls: Req[] = []
  return {
    calls,
    fn: (req: Req) => {
      calls.push(req)
      const next = answers.shift()
      if (!next) throw new Error(`no answer scripted for call ${calls.length}`)
      return Promise.resolve(next)
    }
  }
}
