import { describe, expect, it } from 'vitest'
import { DEFAULT_POSTURE_SETTINGS } from '@contract/schemas/posture'
import type { Settings } from '@contract/schemas/settings'
import {
  PosturePreferences,
  type PosturePreferencesApi
} from '../../../../../src-renderer/src/features/settings/posture-preferences.svelte'
import { fail, ok, scripted, toasts } from '../../fakes'

const settings = (posture = DEFAULT_POSTURE_SETTINGS) => ({ posture }) as unknown as Settings
const outOfRange = { code: 'bad_input', message: 'reminderDays must be at most 90.' } as const

function setup(over: { set?: ReturnType<typeof scripted>['fn']; addWatch?: ReturnType<typeof scripted>['fn'] }) {
  const t = toasts()
  const watched = scripted(ok({ watched: ['/data'], files: 3 }), ok({ watched: ['/data', '/more'], files: 5 }))
  const api = {
    settings: { get: async () => ok(settings()), set: over.set },
    index: { watched: watched.fn, addWatch: over.addWatch }
  } as unknown as PosturePreferencesApi
  return { prefs: new PosturePreferences(api, t), t, watched }
}

describe('the posture preferences', () => {
  it('loads the settings and the watch list, then saves a change and shows the answer', async () => {
    const set = scripted(ok(settings({ ...DEFAULT_POSTURE_SETTINGS, reminderDays: 14 })))
    const { prefs, t } = setup({ set: set.fn })
    expect((await prefs.load())?.reminderDays).toBe(7)
    expect(prefs.watched).toEqual(['/data'])
    expect(await prefs.save({ reminderDays: 14 }, 'Reminders within: 14 days')).toBe(true)
    expect(set.calls).toEqual([{ posture: { reminderDays: 14 } }])
    expect([prefs.posture?.reminderDays, t.seen]).toEqual([14, [['ok', 'Reminders within: 14 days']]])
    expect(prefs.action.busy).toBe(false)
  })

  it('a refused value is toasted with what to do, and the shown settings stay as main has them', async () => {
    const set = scripted(fail(outOfRange))
    const { prefs, t } = setup({ set: set.fn })
    await prefs.load()
    expect(await prefs.save({ reminderDays: 900 }, 'never said')).toBe(false)
    expect(prefs.posture?.reminderDays).toBe(7)
    expect(t.seen).toEqual([['error', outOfRange.message, 'Use whole numbers in the allowed range.']])
    expect(prefs.action.busy).toBe(false)
  })

  it('a watched folder is announced with its count and the list asked again; a cancelled pick says nothing', async () => {
    const addWatch = scripted(ok({ cancelled: true }), ok({ cancelled: false, folder: '/more', indexed: 1 }))
    const { prefs, t, watched } = setup({ addWatch: addWatch.fn })
    await prefs.load()
    await prefs.addWatch()
    expect([t.seen, watched.calls.length]).toEqual([[], 1])
    await prefs.addWatch()
    expect(t.seen).toEqual([['ok', 'Watching /more: 1 encrypted file indexed']])
    expect([prefs.watched, prefs.action.running('watch')]).toEqual([['/data', '/more'], false])
  })
})
