import { open, readFile } from 'node:fs/promises'
import { ActivityEntrySchema, type ActivityEntry, type ActivityFilter } from '@contract/schemas/activity'

/**
 * Append-only local record of every operation the user ran (JSON Lines, mode 0600). Lines are
 * only ever appended; a line that does not parse is skipped and counted, never rewritten.
 */
export class ActivityLog {
  #queue: Promise<void> = Promise.resolve()
  /** Lines waiting for the next append; all of them go out in one write. */
  #group: { lines: string[]; written: Promise<void> } | undefined

  constructor(readonly file: string) {}

  /**
   * Appends one line. Appends are serialised so lines never interleave; the lines recorded while
   * one append runs share the next (a batch of thousands of files is a few writes, not thousands).
   * Resolves once this entry's line is written.
   */
  async record(entry: Omit<ActivityEntry, 'time'> & { time?: string }): Promise<void> {
    const line = JSON.stringify(ActivityEntrySchema.parse({ time: new Date().toISOString(), ...entry })) + '\n'
    let group = this.#group
    if (!group) {
      const lines: string[] = []
      const written = this.#queue.then(() => {
        if (this.#group === group) this.#group = undefined
        return this.#append(lines.join(''))
      })
      group = { lines, written }
      this.#group = group
      // A failed append fails its own entries only; the next group still runs.
      this.#queue = written.catch(() => undefined)
    }
    group.lines.push(line)
    return group.written
  }

  async #append(text: string): Promise<void> {
    const fh = await open(this.file, 'a', 0o600)
    try {
      await fh.appendFile(text, 'utf8')
    } finally {
      await fh.close()
    }
  }

  async list(filter: ActivityFilter = {}): Promise<{ entries: ActivityEntry[]; skipped: number }> {
    await this.#queue
    let text = ''
    try {
      text = await readFile(this.file, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
    }
    let skipped = 0
    const all: ActivityEntry[] = []
    for (const line of text.split('\n')) {
      if (!line.trim()) continue
      try {
        all.push(ActivityEntrySchema.parse(JSON.parse(line)))
      } catch {
        skipped++
      }
    }
    const entries = all.filter((e) => matches(e, filter)).reverse()
    return { entries: filter.limit ? entries.slice(0, filter.limit) : entries, skipped }
  }
}

function matches(e: ActivityEntry, f: ActivityFilter): boolean {
  if (f.operation && e.operation !== f.operation) return false
  if (f.outcome && e.outcome !== f.outcome) return false
  const t = Date.parse(e.time)
  if (f.since && !(t >= Date.parse(f.since))) return false
  if (f.until && !(t < Date.parse(f.until))) return false
  if (f.key && !(e.key ?? '').split(', ').includes(f.key)) return false
  if (f.text) {
    const needle = f.text.toLowerCase()
    const hay = [e.profile, e.region, e.key, e.operation, e.detail, e.errorCode, e.errorMessage]
      .filter(Boolean)
      .join(' ')
      .toLowerCase()
    if (!hay.includes(needle)) return false
  }
  return true
}

// `time` is ISO 8601 in UTC (e.g. 2026-12-02T13:04:05.123Z), as recorded.
const CSV_COLUMNS = [
  'time',
  'profile',
  'region',
  'key',
  'operation',
  'outcome',
  'errorCode',
  'detail',
  'errorMessage',
  'errorHint'
] as const

/** RFC 4180 CSV; cells that start with = + - @ are prefixed with ' so spreadsheets never run them. */
export function activityCsv(entries: ActivityEntry[]): string {
  const cell = (v: string | undefined) => {
    let s = v ?? ''
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
  }
  const rows = entries.map((e) => CSV_COLUMNS.map((c) => cell(e[c])).join(','))
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n'
}
