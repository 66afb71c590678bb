import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDispatcher, type HandlerContext, type Handlers } from '../../src-main/ipc/dispatch'
import { createHandlers } from '../../src-main/ipc/register'
import { createCore, type Core, type CoreOptions } from '../../src-main/services/core'
import { memoryBackend } from '../../src-main/services/credentials/store'
import { closeSharedPool } from '../../src-main/services/files'
import { headlessPlatform } from '../../src-main/services/platform'
import type { JobView } from '@contract/schemas/files'
import type { JobUpdates } from '@contract/schemas/job-updates'
import type { Result } from '@contract/result'
import { expect, vi } from 'vitest'

/**
 * The app's IPC as a hostile window sees it: the real handler table behind the real dispatcher
 * (the same register + dispatch code as the app), a real core over the embedded sandbox, and
 * native dialogs answered from queues.
 */
export interface IpcHarness {
  core: Core
  dir: string
  dialogs: { open: string[][]; save: string[]; confirm: boolean[] }
  platform: ReturnType<typeof headlessPlatform>
  events: { event: string; payload: unknown }[]
  /** With `checkEgress`: the errors the dispatcher reported (an answer or event outside the contract). */
  egress: string[]
  send(channel: string, payload?: unknown): Promise<Result<unknown>>
  ok<T = Record<string, unknown>>(channel: string, payload?: unknown): Promise<T>
  /** Waits for the final views of these jobs (job:updates events). */
  finished(jobs: { jobId: string }[]): Promise<JobView[]>
  close(): Promise<void>
}

export async function openIpc(
  o: Partial<CoreOptions> & { wrap?: (h: Handlers) => Handlers; checkEgress?: boolean } = {}
): Promise<IpcHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'tkms-ipc-'))
  const egress: string[] = []
  const dialogs = { open: [] as string[][], save: [] as string[], confirm: [] as boolean[] }
  const platform = headlessPlatform(dialogs)
  const core = await createCore({
    dataDir: join(dir, 'appdata'),
    appName: 'test',
    appVersion: '0',
    platform,
    secretBackend: memoryBackend(),
    env: {},
    home: dir,
    ...o
  })
  const handlers = createHandlers(core)
  const dispatch = createDispatcher(o.wrap ? o.wrap(handlers) : handlers, {
    isTrustedOrigin: (u) => u.startsWith('app://kms/'),
    ...(o.checkEgress
      ? {
          checkEgress: true,
          onError: (channel: string, e: unknown) => {
            if (e instanceof Error && /contract/.test(e.message)) egress.push(`${channel}: ${e.message}`)
          }
        }
      : {})
  })
  const events: IpcHarness['events'] = []
  const ctx: HandlerContext = { emit: (event, payload) => void events.push({ event, payload }) }
  const sender = { frameUrl: 'app://kms/index.html', isMainFrame: true }
  const send = (channel: string, payload?: unknown) => dispatch(channel, sender, payload, ctx)
  return {
    core,
    dir,
    dialogs,
    platform,
    events,
    egress,
    send,
    async ok<T>(channel: string, payload?: unknown): Promise<T> {
      const r = await send(channel, payload)
      if (!r.ok) throw Object.assign(new Error(`${channel}: ${r.error.code} ${r.error.message}`), { appError: r.error })
      return r.value as T
    },
    async finished(jobs) {
      const done = () => {
        const views = new Map(
          events
            .flatMap((e) => (e.event === 'job:updates' ? (e.payload as JobUpdates).done : []))
            .map((v) => [v.jobId, v])
        )
        return jobs.map((j) => views.get(j.jobId))
      }
      await vi.waitFor(() => expect(done().filter((d) => d === undefined)).toEqual([]), {
        timeout: 30_000,
        interval: 10
      })
      return done().map((d) => d as JobView)
    },
    async close() {
      await core.close()
      await closeSharedPool()
      await rm(dir, { recursive: true, force: true })
    }
  }
}
