import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import type { Platform } from '../platform'
import { writeFileAtomic } from '../../common/atomic-file'
import { DAY_MS, daysUntil, deletionFinal, nextRotationDue } from './dates'
import type { PostureSettings } from './settings'
import type { RegionKeys } from './types'

export interface Reminder {
  /** Stable per key: profile, project, region and identity. */
  id: string
  kind: 'rotation-due' | 'deletion-final'
  title: string
  body: string
}

/** Rotations due, and deletions becoming final, within `reminderDays` (past-due rotations too). */
export function dueReminders(sets: readonly RegionKeys[], s: PostureSettings, now: number): Reminder[] {
  const out: Reminder[] = []
  const horizon = now + s.reminderDays * DAY_MS
  for (const set of sets) {
    const where = [set.profile, set.project, set.region].filter(Boolean).join(' / ')
    for (const k of set.keys) {
      const id = [set.profile ?? '', set.project ?? '', set.region, k.identity].join('|')
      const final = deletionFinal(k)
      if (final !== undefined && final <= horizon) {
        const d = daysUntil(final, now)
        out.push({
          id,
          kind: 'deletion-final',
          title: `Key "${k.name}" will be deleted ${d === 0 ? 'today' : `in ${d} day${d === 1 ? '' : 's'}`}`,
          body: `${where}: cancel the deletion now if anything still needs it.`
        })
        continue
      }
      const due = k.status === 'active' ? nextRotationDue(k) : undefined
      if (due !== undefined && due <= horizon) {
        const d = daysUntil(due, now)
        out.push({
          id,
          kind: 'rotation-due',
          title: `Key "${k.name}" is due for rotation ${due <= now ? '(overdue)' : d === 0 ? 'today' : `in ${d} day${d === 1 ? '' : 's'}`}`,
          body: `${where}: rotation every ${k.rotationPeriodInDays} days.`
        })
      }
    }
  }
  return out
}

const StateSchema = z.object({ lastNotified: z.record(z.string(), z.string()) })

/**
 * Sends due reminders through the platform's notifications, at most once a day per key; the day
 * each key was last notified is kept in a small file so a restart does not repeat them.
 */
export class ReminderNotifier {
  #last: Record<string, string> | undefined

  constructor(
    private readonly o: { file: string; platform: Pick<Platform, 'notify'>; settings: () => PostureSettings }
  ) {}

  async #state(): Promise<Record<string, string>> {
    if (this.#last) return this.#last
    try {
      const parsed = StateSchema.safeParse(JSON.parse(await readFile(this.o.file, 'utf8')))
      this.#last = parsed.success ? parsed.data.lastNotified : {}
    } catch {
      this.#last = {}
    }
    return this.#last
  }

  /** Notifies what is due and not yet notified today; returns what was sent. */
  async run(sets: readonly RegionKeys[], now = Date.now()): Promise<Reminder[]> {
    const s = this.o.settings()
    const notify = this.o.platform.notify
    if (!s.remindersEnabled || !notify) return []
    const last = await this.#state()
    const today = new Date(now).toISOString().slice(0, 10)
    const sent = dueReminders(sets, s, now).filter((r) => last[r.id] !== today)
    if (sent.length === 0) return []
    // Many at once would flood the desktop: show a few, then one summary line for the rest.
    const shown = sent.slice(0, 3)
    for (const r of shown) notify({ title: r.title, body: r.body })
    if (sent.length > shown.length)
      notify({
        title: `${sent.length - shown.length} more keys need attention`,
        body: 'Open the Overview for the full list.'
      })
    for (const r of sent) last[r.id] = today
    // Entries older than a week are dropped so the file stays small.
    const cutoff = new Date(now - 7 * DAY_MS).toISOString().slice(0, 10)
    for (const [k, v] of Object.entries(last)) if (v < cutoff) delete last[k]
    await writeFileAtomic(this.o.file, JSON.stringify({ lastNotified: last }) + '\n')
    return sent
  }
}
