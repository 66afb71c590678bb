import type { Core } from '../services/core'
import { sharedPool } from '../services/files'
import { kmsDataKeyWrapper } from '../services/files/kms-wrapper'
import { PathValidator, safeRelative } from '../services/files/input-paths'
import { assertRequest, readPublicKey, type RunnerDeps } from '../services/files/job-runners'
import { FileJobs } from '../services/files/jobs'
import { AppFailure } from '../services/kms/errors'
import { kmsSigning } from '../services/signing'
import type { Handler } from './dispatch'

const PICK_TITLES = { files: 'Add files', folder: 'Add a folder', 'output-folder': 'Choose the output folder', 'public-key': 'Choose the exported public key' } as const

export const filesHandlers = (core: Core) => {
  const paths = new PathValidator({ dataDir: core.dataDir })
  const client = () => core.workspace.client()
  const deps: RunnerDeps = { wrapper: kmsDataKeyWrapper(client), signing: kmsSigning(client), paths, pool: sharedPool() }
  const jobs = new FileJobs({
    ...deps,
    concurrency: () => core.settings.get().fileConcurrency,
    record: (e) => core.activity.record({ profile: core.store.active().name, ...e })
  })
  // Quitting cancels running jobs and waits for them to remove their temp files.
  core.onClose(async () => {
    jobs.cancelAll()
    await jobs.idle()
  })
  return {
    'files:prewarm': (async () => {
      await sharedPool().prewarm()
      return { workers: sharedPool().size }
    }) satisfies Handler<'files:prewarm'>,
    'files:inspect': (async ({ paths: raw }) => paths.expand(raw)) satisfies Handler<'files:inspect'>,
    'files:pick': (async ({ kind }) => {
      const directories = kind === 'folder' || kind === 'output-folder'
      const chosen = await core.platform.chooseOpenPaths({ title: PICK_TITLES[kind], directories, multiple: kind === 'files' })
      if (chosen.length === 0) return { cancelled: true, entries: [], refused: [] }
      if (kind === 'files' || kind === 'folder') return { cancelled: false, ...(await paths.expand(chosen)) }
      // An output folder or a public key file: validated, returned as the single entry.
      const path = kind === 'output-folder' ? await paths.folder(chosen[0] as string) : (await paths.file(chosen[0] as string)).path
      return { cancelled: false, entries: [{ path, relative: path, size: 0, encrypted: false }], refused: [] }
    }) satisfies Handler<'files:pick'>,
    'files:start': (async (req, ctx) => {
      const request = { ...req, ...(req.outputDir ? { outputDir: await paths.folder(req.outputDir) } : {}), ...(req.publicKeyPath ? { publicKey: await readPublicKey(deps, req.publicKeyPath) } : {}) }
      assertRequest(request)
      // Everything the renderer sent is validated again here; one bad path refuses the whole batch.
      const files = []
      for (const item of req.items) {
        const f = await paths.file(item.path)
        files.push({ ...f, relative: safeRelative(item.relative, f.path) })
      }
      return jobs.submit(request, files, { progress: (p) => ctx.emit('job:progress', p), done: (v) => ctx.emit('job:done', v) })
    }) satisfies Handler<'files:start'>,
    'files:jobs': (async () => jobs.list()) satisfies Handler<'files:jobs'>,
    'files:cancel': (async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) })) satisfies Handler<'files:cancel'>,
    'files:cancel-all': (async () => ({ cancelled: jobs.cancelAll() })) satisfies Handler<'files:cancel-all'>,
    'files:clear-finished': (async () => ({ removed: jobs.clearFinished() })) satisfies Handler<'files:clear-finished'>,
    'files:show-in-folder': (async ({ path }) => {
      if (!jobs.isKnownPath(path)) throw new AppFailure({ code: 'bad_input', message: 'Only files of this session\'s jobs can be shown in their folder.' })
      core.platform.showInFolder(path)
      return { shown: true }
    }) satisfies Handler<'files:show-in-folder'>
  }
}
