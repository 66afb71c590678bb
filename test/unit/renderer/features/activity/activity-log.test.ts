import { describe, expect, it } from 'vitest'
import type { Result } from '@contract/result'
import type { ActivityEntry } from '@contract/schemas/activity'
import { ActivityLog, type ActivityApi } from '../../../../../src-renderer/src/features/activity/activity-log.svelte'
import { fail, ok, pending } from '../../fakes'

type Page = { entries: ActivityEntry[]; skipped: number }
const entry = (operation: string, key?: string) => ({ operation, ...(key ? { key } : {}) }) as unknown as ActivityEntry
const page = (...entries: ActivityEntry[]): Result<Page> => ok({ entries, skipped: 0 })

function setup() {
  const calls: { filter: unknown; answer: ReturnType<typeof pending<Result<Page>>> }[] = []
  const api = {
    activity: {
      list: (filter: unknown) => {
        const answer = pending<Result<Page>>()
        calls.push({ filter, answer })
        return answer.promise
      }
    }
  } as unknown as ActivityApi
  return { log: new ActivityLog(api), calls }
}

describe('the activity log', () => {
  it('shows the answer of the latest filter only, and keeps offering every operation and key seen', async () => {
    const { log, calls } = setup()
    const first = log.load({})
    const second = log.load({ text: 'pay' })
    calls[1]!.answer.answer(page(entry('keys:rotate', 'payments, orders')))
    await second
    calls[0]!.answer.answer(page(entry('files:encrypt'), entry('keys:create', 'other')))
    await first
    expect(log.entries.map((e) => e.operation)).toEqual(['keys:rotate'])
    expect([log.operations, log.keys]).toEqual([['keys:rotate'], ['orders', 'payments']])
    const third = log.load({})
    calls[2]!.answer.answer(page(entry('files:encrypt')))
    await third
    expect(log.operations).toEqual(['files:encrypt', 'keys:rotate'])
    expect(log.page.loading).toBe(false)
  })

  it('a log that cannot be read shows the error, with loading reset and the filters as they were', async () => {
    const { log, calls } = setup()
    const first = log.load({})
    calls[0]!.answer.answer(page(entry('keys:rotate', 'payments')))
    await first
    const second = log.load({ outcome: 'error' })
    calls[1]!.answer.answer(fail({ code: 'io', message: 'The activity file is unreadable.' }))
    await second
    expect([log.page.error?.code, log.page.loading, log.operations]).toEqual(['io', false, ['keys:rotate']])
  })
})
