import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SettingsPatchSchema } from '@contract/schemas/settings'
import { SettingsStore } from '../../../../../src-main/services/settings/settings-store'
import { DEFAULT_POSTURE_SETTINGS } from '../../../../../src-main/services/posture'

describe('posture settings', () => {
  let dir = ''
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('has documented defaults and a patch keeps every field it omits', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tkms-settings-'))
    const s = new SettingsStore(join(dir, 'settings.json'))
    expect((await s.load()).posture).toEqual(DEFAULT_POSTURE_SETTINGS)
    expect(DEFAULT_POSTURE_SETTINGS).toMatchObject({
      notRotatedDays: 365,
      requiredLabels: ['owner', 'env'],
      recentUseDays: 30,
      reminderDays: 7,
      remindersEnabled: true,
      disabledRules: []
    })
    await s.set(SettingsPatchSchema.parse({ clipboardClearSeconds: 5 }))
    await s.set(SettingsPatchSchema.parse({ posture: { reminderDays: 3 } }))
    await s.set(SettingsPatchSchema.parse({ wireLog: true }))
    const saved = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))
    expect(saved.clipboardClearSeconds).toBe(5)
    expect(saved.posture).toEqual({ ...DEFAULT_POSTURE_SETTINGS, reminderDays: 3 })
  })

  it('refuses out-of-range thresholds and unknown rules', () => {
    expect(SettingsPatchSchema.safeParse({ posture: { notRotatedDays: 0 } }).success).toBe(false)
    expect(SettingsPatchSchema.safeParse({ posture: { disabledRules: ['no-such-rule'] } }).success).toBe(false)
    expect(SettingsPatchSchema.safeParse({ posture: { requiredLabels: [' '] } }).success).toBe(false)
  })
})
