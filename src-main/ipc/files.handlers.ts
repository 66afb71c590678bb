import type { ParsedRequest } from '@contract/channels'
import type { FileEntry, InspectResult } from '@contract/schemas/files'
import type { Core } from '../services/core'
import { sharedPool } from '../services/files'
import type { PinnedInput } from '../services/files/input-file'
import { PathValidator, type Expanded } from '../services/files/input-paths'
import { assertRequest, readPublicKey, type RunnerDeps } from '../services/file-jobs/job-runners'
import { BatchEvents } from '../services/file-jobs/batch-events'
import { FileJobs } from '../services/file-jobs/jobs'
import { kmsDataKeyWrapper } from '../services/files/kms-wrapper'
import type { PathHandles } from '../services/files/path-handles'
import { AppFailure } from '../services/kms/errors'
import { kmsSigning } from '../services/signing'
import type { Platform } from '../services/platform'
import type { Handler } from './dispatch'

const PICK_TITLES = {
  files: 'Add files',
  folder: 'Add a folder',
  'output-folder': 'Choose the output folder',
  'public-key': 'Choose the exported public key'
} as const

/** Overwriting is never a renderer flag alone: main asks the user in a native dialog first. */
async function confirmReplace(
  platform: Platform,
  r: { operation: string; items: readonly unknown[] },
  outputDir: string | undefined
): Promise<void> {
  const n = r.items.length
  const where = outputDir ? `in ${outputDir}` : 'beside its input'
  const inPlace = r.operation === 'reencrypt' && !outputDir ? ' Re-encrypting replaces each encrypted original.' : ''
  const ok = await platform.confirm({
    title: 'Replace existing files?',
    message: `Replace existing files with the results of ${n} file${n === 1 ? '' : 's'}?`,
    detail: `Any output that already exists ${where} will be replaced; this cannot be undone.${inPlace}`,
    confirmLabel: 'Replace'
  })
  if (!ok)
    throw new AppFailure({
      code: 'cancelled',
      message: 'Nothing was started: replacing existing files was not confirmed.',
      hint: 'Start again and confirm, or untick "Overwrite existing files".'
    })
}

export const filesHandlers = (core: Core, handles: PathHandles) => {
  const paths = new PathValidator({ dataDir: core.dataDir })
  const client = () => core.workspace.client()
  const deps: RunnerDeps = {
    wrapper: kmsDataKeyWrapper(client),
    signing: kmsSigning(client),
    paths,
    pool: sharedPool()
  }
  const jobs = new FileJobs({
    ...deps,
    concurrency: () => core.settings.get().fileConcurrency,
    dataKeyLimits: () => ({ files: core.settings.get().dataKeyFiles, minutes: core.settings.get().dataKeyMinutes }),
    record: (e) => {
      // A job in one region teaches what the token may do there, as the workspace's own calls do.
      const here = e.region && !e.region.includes(',') ? core.workspace.permissionScope(e.region) : undefined
      if (here)
        core.workspace.permissions.record(here, e.operation, e.outcome === 'ok' ? 'ok' : (e.errorCode ?? 'internal'))
      return core.activity.record({ profile: core.store.active().name, ...e })
    },
    // Best effort, saved once per second at most: a file the index misses is found again by the next scan.
    written: (output, recipients) => void core.localIndex.recordSoon(output, recipients).catch(() => undefined)
  })
  // Quitting cancels running jobs and waits for them to remove their temp files.
  core.onClose(async () => {
    jobs.cancelAll()
    await jobs.idle()
    await core.localIndex.flush()
    handles.clear()
  })
  /** The renderer gets a handle per accepted file, and the path for display only. */
  const minted = (r: Expanded): InspectResult => ({
    entries: r.entries.map((e): FileEntry => ({
      handle: handles.mint({ kind: 'input', ...e }),
      path: e.path,
      relative: e.relative,
      size: e.size,
      encrypted: e.encrypted
    })),
    refused: r.refused
  })

  /** Resolves the handles of a start request; any unknown or wrong-kind handle refuses the whole batch. */
  async function resolveStart(req: ParsedRequest<'files:start'>) {
    const files = req.items.map((i) => handles.resolve(i.handle, 'input'))
    const pins = new Map<string, PinnedInput>(files.map((f) => [f.path, { real: f.real, identity: f.identity }]))
    const out = req.outputDir ? handles.resolve(req.outputDir, 'output-folder') : undefined
    const key = req.publicKey ? handles.resolve(req.publicKey, 'public-key') : undefined
    return { files, pins, out, publicKey: key ? await readPublicKey(deps, key) : undefined }
  }

  return {
    'files:prewarm': (async () => {
      await sharedPool().prewarm()
      return { workers: sharedPool().size }
    }) satisfies Handler<'files:prewarm'>,
    'files:drop': (async ({ paths: dropped }) => minted(await paths.expand(dropped))) satisfies Handler<'files:drop'>,
    'files:pick': (async ({ kind }) => {
      const directories = kind === 'folder' || kind === 'output-folder'
      const chosen = await core.platform.chooseOpenPaths({
        title: PICK_TITLES[kind],
        directories,
        multiple: kind === 'files'
      })
      if (chosen.length === 0) return { cancelled: true, entries: [], refused: [] }
      if (kind === 'files' || kind === 'folder') return { cancelled: false, ...minted(await paths.expand(chosen)) }
      // An output folder or a public key file: validated, returned as the single entry.
      const first = chosen[0] as string
      const v = kind === 'output-folder' ? { ...(await paths.folder(first)), size: 0 } : await paths.file(first)
      const handle = handles.mint({
        kind,
        path: v.path,
        real: v.real,
        relative: v.path,
        size: v.size,
        identity: v.identity
      })
      return {
        cancelled: false,
        entries: [{ handle, path: v.path, relative: v.path, size: v.size, encrypted: false }],
        refused: []
      }
    }) satisfies Handler<'files:pick'>,
    'files:start': (async (req, ctx) => {
      const r = await resolveStart(req)
      const request = {
        ...req,
        pins: r.pins,
        ...(r.out ? { outputDir: r.out.path, outputDirIdentity: r.out.identity } : {}),
        ...(r.publicKey !== undefined ? { publicKey: r.publicKey } : {})
      }
      assertRequest(request)
      if (req.overwrite) await confirmReplace(core.platform, req, r.out?.path)
      const files = r.files.map((f) => ({ path: f.path, relative: f.relative, size: f.size }))
      // One batch, one stream of coalesced updates (at most one message per ~100 ms).
      return jobs.submit(request, files, new BatchEvents({ files, send: (u) => ctx.emit('job:updates', u) }))
    }) satisfies Handler<'files:start'>,
    'files:jobs': (async () => jobs.list()) satisfies Handler<'files:jobs'>,
    'files:cancel': (async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) })) satisfies Handler<'files:cancel'>,
    'files:cancel-all': (async () => ({ cancelled: jobs.cancelAll() })) satisfies Handler<'files:cancel-all'>,
    'files:clear-finished': (async () => ({ removed: jobs.clearFinished() })) satisfies Handler<'files:clear-finished'>,
    'files:show-in-folder': (async ({ jobId, which }) => {
      const path = jobs.pathOf(jobId, which)
      if (!path)
        throw new AppFailure({
          code: 'bad_input',
          message: `That job has no ${which} to show.`,
          hint: "Only the files of this session's jobs can be shown in their folder."
        })
      core.platform.showInFolder(path)
      return { shown: true }
    }) satisfies Handler<'files:show-in-folder'>
  }
}
