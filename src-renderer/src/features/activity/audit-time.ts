/** Audit times: seconds and an explicit UTC offset, so two officers in two zones read the same instant. */

function parts(d: Date, timeZone?: string): Record<string, string> {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'longOffset'
  })
  return Object.fromEntries(f.formatToParts(d).map((p) => [p.type, p.value]))
}

/** "GMT+01:00" → "UTC+01:00"; "GMT" → "UTC". */
const offsetOf = (p: Record<string, string>) =>
  (p['timeZoneName'] ?? 'GMT').replace(/^GMT/, 'UTC').replace(/^UTC$/, 'UTC+00:00')

/** 2026-12-02 13:04:05 UTC+01:00 (in the given or the local time zone); the input unchanged when unreadable. */
export function formatAuditTime(iso: string, timeZone?: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = parts(d, timeZone)
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}:${p['second']} ${offsetOf(p)}`
}

/** The zone the table shows times in, for its header: "Europe/Amsterdam, UTC+01:00". */
export function zoneLabel(now: Date = new Date(), timeZone?: string): string {
  const name = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone
  return `${name}, ${offsetOf(parts(now, timeZone))}`
}

export interface DateRange {
  from: string
  to: string
}

/**
 * A day range picked in local dates (yyyy-mm-dd, both ends included) as the filter's ISO instants,
 * or a sentence saying what is wrong with it.
 */
export function rangeFilter(r: DateRange): { since?: string; until?: string } | { error: string } {
  const day = (s: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
    return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : undefined
  }
  const from = r.from ? day(r.from) : undefined
  const to = r.to ? day(r.to) : undefined
  if ((r.from && !from) || (r.to && !to)) return { error: 'Enter dates as yyyy-mm-dd.' }
  if (from && to && from > to)
    return { error: `The start date ${r.from} is after the end date ${r.to}: swap them or clear one.` }
  const out: { since?: string; until?: string } = {}
  if (from) out.since = from.toISOString()
  if (to) out.until = new Date(to.getFullYear(), to.getMonth(), to.getDate() + 1).toISOString()
  return out
}
