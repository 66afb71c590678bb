import { relative } from 'node:path'
import type { RecipientRef } from '../../services/files'
import { kmsDataKeyWrapper } from '../../services/files'
import type { ReencryptCriteria, StatusLookup } from '../../services/reencrypt-jobs/criteria'
import { createJob, resumeJob, runJob, summary } from '../../services/reencrypt-jobs/job'
import type { Journal } from '../../services/reencrypt-jobs/journal'
import { scan } from '../../services/reencrypt-jobs/scan'
import type { CliContext } from '../context'
import { EXIT, UsageError, type ExitCode } from '../errors'
import { renderTable } from '../output'
import { resolveKey } from './key-ref'

export interface FolderOpts {
  recursive?: boolean
  whereKey?: string[]
  belowVersion?: number
  whereUnusable?: boolean
  to?: string[]
  dryRun?: boolean
  resume?: string
}

/** Disabled / pending-deletion lookups, one GET per key per run. */
function statusLookup(ctx: CliContext): StatusLookup {
  const cache = new Map<string, Promise<string | undefined>>()
  return (r) => {
    const k = `${r.region}/${r.identity}`
    let p = cache.get(k)
    if (!p) {
      p = ctx
        .client()
        .then((c) => c.getKey(r.region, r.identity))
        .then(
          (x) => x.status,
          () => undefined
        )
      cache.set(k, p)
    }
    return p
  }
}

async function refs(ctx: CliContext, names: string[] | undefined): Promise<RecipientRef[] | undefined> {
  if (!names?.length) return undefined
  const out: RecipientRef[] = []
  for (const n of names.flatMap((x) => x.split(',')).filter(Boolean)) {
    const { keyType: _t, ...r } = await resolveKey(ctx, n)
    out.push(r)
  }
  return out
}

function report(ctx: CliContext, j: Journal): ExitCode {
  const s = summary(j)
  const rows = j.files.map((f) => ({
    file: relative(j.root, f.path),
    state: f.state,
    note: f.message ?? f.why.join('; ')
  }))
  ctx.out.result(
    { job: j.id, state: j.state, ...s, files: j.files, unreadable: j.unreadable },
    () =>
      (rows.length ? renderTable(rows, ['file', 'state', 'note']) : '') +
      j.unreadable.map((u) => `unreadable (left as it is): ${relative(j.root, u.path)}: ${u.message}\n`).join('') +
      `job ${j.id}: ${s.done} re-encrypted, ${s.failed} failed, ${s.skipped} skipped, ${s.pending} pending, ${s.unmatched} not matching, ${s.unreadable} unreadable.\n` +
      (j.state === 'interrupted' ? `Resume with: tkms files reencrypt --resume ${j.id}\n` : '')
  )
  return s.failed || s.pending || s.unreadable ? EXIT.local : EXIT.ok
}

/** `tkms files reencrypt --recursive <dir> --where-key <k> [--below-version N] [--to <keys>] [--dry-run]`. */
export async function reencryptFolder(ctx: CliContext, dir: string | undefined, o: FolderOpts): Promise<ExitCode> {
  const ws = (await ctx.core()).workspace
  await ctx.scope()
  const deps = {
    dataDir: ctx.dataDir,
    wrapper: kmsDataKeyWrapper(() => ws.client()),
    status: statusLookup(ctx),
    signal: ctx.signal
  }
  if (o.resume) return report(ctx, await resumeJob(deps, o.resume))
  if (!dir) throw new UsageError('Name the folder to search (or --resume <job id>).')
  const keys = await refs(ctx, o.whereKey)
  if (!keys && !o.whereUnusable) throw new UsageError('Say which files: --where-key <key> and/or --where-unusable.')
  if (o.belowVersion && !keys) throw new UsageError('--below-version applies to the keys named with --where-key.')
  const criteria: ReencryptCriteria = {
    ...(keys ? { keys: keys.map(({ region, identity }) => ({ region, identity })) } : {}),
    ...(o.belowVersion ? { belowVersion: o.belowVersion } : {}),
    ...(o.whereUnusable ? { unusableKeys: true } : {})
  }
  const to = await refs(ctx, o.to)
  if (o.dryRun) {
    const r = await scan(dir, o.recursive === true, criteria, deps.status, ctx.signal)
    ctx.out.result(
      { dryRun: true, ...r },
      () =>
        (r.matched.length
          ? renderTable(
              r.matched.map((m) => ({ file: relative(dir, m.path), why: m.why.join('; ') })),
              ['file', 'why']
            )
          : '') +
        r.unreadable.map((u) => `unreadable: ${relative(dir, u.path)}: ${u.message}\n`).join('') +
        `${r.matched.length} file${r.matched.length === 1 ? '' : 's'} would be re-encrypted; ${r.unmatched} do not match; ${r.unreadable.length} unreadable.\n`
    )
    return EXIT.ok
  }
  const job = await createJob(deps, { root: dir, recursive: o.recursive === true, criteria, ...(to ? { to } : {}) })
  ctx.out.note(`job ${job.id}: ${job.files.length} matching file${job.files.length === 1 ? '' : 's'}`)
  return report(
    ctx,
    await runJob(
      { ...deps, onFile: (f, i, n) => ctx.out.note(`[${i + 1}/${n}] ${relative(dir, f.path)}: ${f.state}`) },
      job
    )
  )
}
