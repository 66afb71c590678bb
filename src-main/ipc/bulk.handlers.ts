import { randomUUID } from 'node:crypto'
import type { Core } from '../services/core'
import { checkConfirmation, needsConfirmation } from '../services/bulk/confirm'
import { BulkRuns } from '../services/bulk/runs'
import { scopeLabel } from '../services/bulk/selectors'
import { kmsDataKeyWrapper, sharedPool } from '../services/files'
import { PathValidator } from '../services/files/input-paths'
import { AppFailure } from '../services/kms/errors'
import type { StatusLookup } from '../services/reencrypt-jobs/criteria'
import { ReencryptJobs, type JobEvents } from '../services/reencrypt-jobs/manager'
import type { Handler } from './dispatch'

/** Disabled / pending-deletion lookups for one search or job, one GET per key. */
function statusLookup(core: Core): StatusLookup {
  const cache = new Map<string, Promise<string | undefined>>()
  return (r) => {
    const k = `${r.region}/${r.identity}`
    if (!cache.has(k))
      cache.set(
        k,
        core.workspace
          .client()
          .then((c) => c.getKey(r.region, r.identity))
          .then(
            (x) => x.status,
            () => undefined
          )
      )
    return cache.get(k) as Promise<string | undefined>
  }
}

export const bulkHandlers = (core: Core) => {
  const runs = new BulkRuns({
    client: () => core.workspace.client(),
    record: (e) => core.activity.record({ profile: core.store.active().name, ...e })
  })
  const jobs = new ReencryptJobs({
    dataDir: core.dataDir,
    wrapper: kmsDataKeyWrapper(() => core.workspace.client()),
    status: () => statusLookup(core),
    pool: sharedPool
  })
  const paths = new PathValidator({ dataDir: core.dataDir })
  /** Folders chosen in the native dialog: the renderer refers to them by id only. */
  const folders = new Map<string, string>()
  core.onClose(async () => {
    await runs.close()
    await jobs.close()
  })
  const folder = (id: string): string => {
    const p = folders.get(id)
    if (!p)
      throw new AppFailure({
        code: 'bad_input',
        message: 'That folder is no longer available.',
        hint: 'Choose the folder again.'
      })
    return p
  }
  const scope = (targets: readonly { region: string }[]) =>
    scopeLabel(
      core.store.active().name,
      targets.map((t) => ({ ...t, identity: '', name: '' }))
    )

  return {
    'bulk:plan': (async ({ action, targets }) => ({
      count: targets.length,
      scope: scope(targets),
      needsConfirmation: needsConfirmation(action)
    })) satisfies Handler<'bulk:plan'>,
    'bulk:start': (async ({ action, targets, confirm }, ctx) => {
      checkConfirmation(action, targets, confirm, scope(targets))
      return runs.start(action, targets, {
        progress: (p) => ctx.emit('bulk:progress', p),
        done: (v) => ctx.emit('bulk:done', v)
      })
    }) satisfies Handler<'bulk:start'>,
    'bulk:cancel': (async ({ runId }) => ({ cancelled: runs.cancel(runId) })) satisfies Handler<'bulk:cancel'>,
    'reencrypt:pick-folder': (async () => {
      const [chosen] = await core.platform.chooseOpenPaths({
        title: 'Choose the folder to search for encrypted files',
        directories: true
      })
      if (!chosen) return { cancelled: true }
      const v = await paths.folder(chosen)
      const folderId = randomUUID()
      folders.set(folderId, v.path)
      return { cancelled: false, folderId, path: v.path }
    }) satisfies Handler<'reencrypt:pick-folder'>,
    'reencrypt:find': (async (r) =>
      jobs.find(folder(r.folderId), r.recursive, criteriaOf(r))) satisfies Handler<'reencrypt:find'>,
    'reencrypt:start': (async (r, ctx) =>
      jobs.start(
        { root: folder(r.folderId), recursive: r.recursive, criteria: criteriaOf(r), ...(r.to ? { to: r.to } : {}) },
        events(ctx)
      )) satisfies Handler<'reencrypt:start'>,
    'reencrypt:cancel': (async ({ jobId }) => ({
      cancelled: jobs.cancel(jobId)
    })) satisfies Handler<'reencrypt:cancel'>,
    'reencrypt:jobs': (async () => jobs.list()) satisfies Handler<'reencrypt:jobs'>,
    'reencrypt:resume': (async ({ jobId }, ctx) =>
      jobs.resume(jobId, events(ctx))) satisfies Handler<'reencrypt:resume'>,
    'reencrypt:discard': (async ({ jobId }) => {
      await jobs.discard(jobId)
      return { discarded: true as const }
    }) satisfies Handler<'reencrypt:discard'>
  }
}

type Ctx = Parameters<Handler<'reencrypt:start'>>[1]
const events = (ctx: Ctx): JobEvents => ({
  progress: (p) => ctx.emit('reencrypt:progress', p),
  done: (v) => ctx.emit('reencrypt:done', v)
})

function criteriaOf(r: {
  keys?: { region: string; identity: string }[] | undefined
  belowVersion?: number | undefined
  unusableKeys?: boolean | undefined
}) {
  return {
    ...(r.keys?.length ? { keys: r.keys } : {}),
    ...(r.belowVersion ? { belowVersion: r.belowVersion } : {}),
    ...(r.unusableKeys ? { unusableKeys: true } : {})
  }
}
