import type { ReencryptJobView } from '@contract/schemas/reencrypt'

/** Counts of a re-encryption job's files; `writing` (cut off mid-file) counts as left to do. */
function jobCounts(j: ReencryptJobView): {
  total: number
  done: number
  failed: number
  skipped: number
  left: number
} {
  const c = { total: j.files.length, done: 0, failed: 0, skipped: 0, left: 0 }
  for (const f of j.files) {
    if (f.state === 'done') c.done++
    else if (f.state === 'failed') c.failed++
    else if (f.state === 'skipped') c.skipped++
    else c.left++
  }
  return c
}

/** One line saying where a job stands, for the notice and the re-encryption dialog. */
export function jobSummary(j: ReencryptJobView): string {
  const c = jobCounts(j)
  const counts = `${c.done} re-encrypted, ${c.failed} failed, ${c.skipped} skipped`
  if (j.state === 'finished') return `Finished. ${counts}.`
  if (j.state === 'running')
    return `Re-encrypting… ${c.done + c.failed + c.skipped} of ${c.total} files handled (${counts}).`
  return `Interrupted: ${c.done + c.failed + c.skipped} of ${c.total} files handled (${counts}); ${c.left} left.`
}

/** A path shown relative to the job's folder. */
export const relativeTo = (root: string, p: string): string =>
  p.startsWith(root) ? p.slice(root.length).replace(/^[\\/]/, '') : p
