import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  DEFAULT_POSTURE_SETTINGS,
  dueReminders,
  ReminderNotifier,
  type PostureSettings,
  type RegionKeys
} from '../../../../../src-main/services/posture'
import { key, NOW } from './key-set'

const DAY = 86_400_000
const iso = (t: number) => new Date(t).toISOString()
const sets: RegionKeys[] = [
  {
    region: 'nl-01',
    profile: 'work',
    keys: [
      key({ identity: 'kms-due', name: 'due-soon', ageDays: 85 }), // 90-day period: due in 5 days
      key({ identity: 'kms-later', name: 'later', ageDays: 10 }), // due in 80 days
      key({ identity: 'kms-gone', name: 'going', status: 'pending_deletion', deletionScheduledAt: iso(NOW + 2 * DAY) }),
      key({ identity: 'kms-far', name: 'far', status: 'pending_deletion', deletionScheduledAt: iso(NOW + 20 * DAY) }),
      key({ identity: 'kms-off', name: 'manual', keyRotationEnabled: false, ageDays: 85 })
    ]
  }
]

/** The platform port as a fake: it records every notification. */
function fakePort() {
  const shown: { title: string; body: string }[] = []
  return { shown, port: { notify: (n: { title: string; body: string }) => void shown.push(n) } }
}

describe('due reminders', () => {
  let dir = ''
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'tkms-rem-'))))
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('finds rotations due and deletions final within N days', () => {
    const r = dueReminders(sets, DEFAULT_POSTURE_SETTINGS, NOW)
    expect(r.map((x) => [x.kind, x.title])).toEqual([
      ['rotation-due', 'Key "due-soon" is due for rotation in 5 days'],
      ['deletion-final', 'Key "going" will be deleted in 2 days']
    ])
    expect(dueReminders(sets, { ...DEFAULT_POSTURE_SETTINGS, reminderDays: 30 }, NOW).map((x) => x.id)).toEqual([
      'work||nl-01|kms-due',
      'work||nl-01|kms-gone',
      'work||nl-01|kms-far'
    ])
  })

  it('notifies through the platform port at most once a day per key, across restarts', async () => {
    const { shown, port } = fakePort()
    const file = join(dir, 'reminders.json')
    const settings = (): PostureSettings => DEFAULT_POSTURE_SETTINGS
    expect(await new ReminderNotifier({ file, platform: port, settings }).run(sets, NOW)).toHaveLength(2)
    expect(shown.map((s) => s.title)).toEqual([
      'Key "due-soon" is due for rotation in 5 days',
      'Key "going" will be deleted in 2 days'
    ])
    // Same day, a fresh instance (as after a restart): nothing again.
    expect(await new ReminderNotifier({ file, platform: port, settings }).run(sets, NOW + 3_600_000)).toEqual([])
    expect(shown).toHaveLength(2)
    expect(JSON.parse(await readFile(file, 'utf8')).lastNotified).toEqual({
      'work||nl-01|kms-due': '2026-06-01',
      'work||nl-01|kms-gone': '2026-06-01'
    })
    // Next day: both again.
    await new ReminderNotifier({ file, platform: port, settings }).run(sets, NOW + DAY)
    expect(shown).toHaveLength(4)
  })

  it('sends nothing when switched off, or where there is no desktop', async () => {
    const { shown, port } = fakePort()
    const off = new ReminderNotifier({
      file: join(dir, 'r.json'),
      platform: port,
      settings: () => ({ ...DEFAULT_POSTURE_SETTINGS, remindersEnabled: false })
    })
    expect(await off.run(sets, NOW)).toEqual([])
    expect(shown).toEqual([])
    const headless = new ReminderNotifier({
      file: join(dir, 'r.json'),
      platform: {},
      settings: () => DEFAULT_POSTURE_SETTINGS
    })
    expect(await headless.run(sets, NOW)).toEqual([])
  })

  it('many due keys make a few notifications and one summary, not a flood', async () => {
    const { shown, port } = fakePort()
    const many: RegionKeys[] = [
      {
        region: 'nl-01',
        keys: Array.from({ length: 12 }, (_, i) => key({ identity: `kms-${i}`, name: `k${i}`, ageDays: 89 }))
      }
    ]
    const sent = await new ReminderNotifier({
      file: join(dir, 'r.json'),
      platform: port,
      settings: () => DEFAULT_POSTURE_SETTINGS
    }).run(many, NOW)
    expect(sent).toHaveLength(12)
    expect(shown).toHaveLength(4)
    expect(shown[3]?.title).toBe('9 more keys need attention')
  })
})
