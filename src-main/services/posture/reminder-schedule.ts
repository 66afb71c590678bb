import { join } from 'node:path'
import type { Platform } from '../platform'
import { ReminderNotifier } from './reminders'
import { runPosture, type PostureDeps } from './service'

/** The file (in the data folder) that remembers the day each key was last notified. */
const REMINDERS_FILE = 'reminders.json'

export function reminderNotifier(d: PostureDeps & { dataDir: string; platform: Platform }): ReminderNotifier {
  return new ReminderNotifier({
    file: join(d.dataDir, REMINDERS_FILE),
    platform: d.platform,
    settings: () => d.settings.get().posture
  })
}

/**
 * Checks for due keys shortly after start and then every few hours, in the current scope; errors
 * are ignored (the next check or the Overview tries again). Returns a stop function.
 */
export function scheduleReminders(
  d: PostureDeps,
  n: ReminderNotifier,
  o: { firstMs?: number; everyMs?: number } = {}
): () => void {
  const check = async () => {
    if (!d.settings.get().posture.remindersEnabled) return
    const run = await runPosture(d, {})
    await n.run(run.gathered.sets)
  }
  const tick = () => void check().catch(() => undefined)
  const first = setTimeout(tick, o.firstMs ?? 60_000)
  const every = setInterval(tick, o.everyMs ?? 6 * 3_600_000)
  first.unref?.()
  every.unref?.()
  return () => {
    clearTimeout(first)
    clearInterval(every)
  }
}
