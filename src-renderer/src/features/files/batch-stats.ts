import type { JobView } from '@contract/schemas/files'

/** Where a batch of file jobs stands, summed over every job (done, failed, remaining, bytes). */
export interface BatchStats {
  total: number
  done: number
  failed: number
  cancelled: number
  running: number
  remaining: number
  bytesDone: number
  bytesTotal: number
}

export const emptyStats = (): BatchStats => ({
  total: 0,
  done: 0,
  failed: 0,
  cancelled: 0,
  running: 0,
  remaining: 0,
  bytesDone: 0,
  bytesTotal: 0
})

/** Summed over every job; the screen keeps the same figures incrementally (JobTally). */
export function batchStats(jobs: readonly JobView[]): BatchStats {
  const s = { ...emptyStats(), total: jobs.length }
  for (const j of jobs) {
    if (j.state === 'ok') s.done++
    else if (j.state === 'error') s.failed++
    else if (j.state === 'cancelled') s.cancelled++
    else {
      s.remaining++
      if (j.state === 'running') s.running++
    }
    s.bytesTotal += j.bytesTotal
    s.bytesDone += j.state === 'ok' ? j.bytesTotal : j.bytesDone
  }
  return s
}

/** Files and bytes per second since `startedAt`, and the time left at that pace. */
export function batchRate(
  s: BatchStats,
  startedAt: number,
  now: number
): { filesPerSecond?: number; bytesPerSecond?: number; etaSeconds?: number } {
  const seconds = (now - startedAt) / 1000
  const finished = s.done + s.failed + s.cancelled
  if (seconds <= 0 || finished === 0) return {}
  const filesPerSecond = finished / seconds
  const bytesPerSecond = s.bytesDone / seconds
  const byFiles = s.remaining / filesPerSecond
  const byBytes = bytesPerSecond > 0 ? (s.bytesTotal - s.bytesDone) / bytesPerSecond : byFiles
  // Many small files are bound by files/s, a few large ones by bytes/s: the slower estimate wins.
  return { filesPerSecond, bytesPerSecond, etaSeconds: Math.max(byFiles, byBytes) }
}

export function eta(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '—'
  const m = Math.floor(s / 60)
  return m > 0 ? `${m} min ${Math.round(s % 60)} s` : `${Math.ceil(s)} s`
}
