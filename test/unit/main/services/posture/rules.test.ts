import { describe, expect, it } from 'vitest'
import type { KmsKey } from '@contract/schemas/kms'
import {
  computePosture,
  DEFAULT_POSTURE_SETTINGS,
  type PostureSettings,
  type RuleId,
  type UsageSource
} from '../../../../../src-main/services/posture'
import { key, NOW } from './key-set'

const DAY = 86_400_000
const iso = (t: number) => new Date(t).toISOString()

function rulesFor(k: KmsKey, o: { usage?: UsageSource; settings?: Partial<PostureSettings> } = {}) {
  const r = computePosture([{ region: 'nl-01', keys: [k] }], {
    settings: { ...DEFAULT_POSTURE_SETTINGS, ...o.settings },
    now: NOW,
    ...(o.usage ? { usage: o.usage } : {})
  })
  return r.findings
}
const ids = (k: KmsKey, o?: Parameters<typeof rulesFor>[1]): RuleId[] =>
  rulesFor(k, o)
    .map((f) => f.rule)
    .sort()

describe('posture rules, one key at a time', () => {
  it('a healthy key has no findings', () => {
    expect(rulesFor(key())).toEqual([])
  })

  it('rotation off, and imported keys without rotation, are named as such', () => {
    expect(ids(key({ keyRotationEnabled: false, rotationPeriodInDays: undefined }))).toEqual(['rotation-off'])
    expect(ids(key({ keyRotationEnabled: false, imported: true }))).toEqual(['imported-no-rotation'])
    expect(ids(key({ imported: true }))).toEqual([])
  })

  it('overdue when the latest version is older than the period; not when it was rotated since', () => {
    const f = rulesFor(key({ ageDays: 100 }))
    expect(f).toMatchObject([
      { rule: 'rotation-overdue', severity: 'high', daysOverdue: 10, keyIdentity: 'kms-healthy', region: 'nl-01' }
    ])
    const rotated = key({
      ageDays: 100,
      latestVersion: 2,
      versions: [
        { version: 1, createdAt: iso(NOW - 100 * DAY) },
        { version: 2, createdAt: iso(NOW - 5 * DAY) }
      ]
    })
    expect(rulesFor(rotated)).toEqual([])
  })

  it('not rotated in N days (threshold from the settings)', () => {
    const old = key({ ageDays: 400, keyRotationEnabled: false })
    expect(ids(old)).toEqual(['not-rotated', 'rotation-off'])
    expect(ids(old, { settings: { notRotatedDays: 500 } })).toEqual(['rotation-off'])
  })

  it('export allowed, and missing required labels with a configurable set', () => {
    expect(ids(key({ exportAllowed: true }))).toEqual(['export-allowed'])
    expect(rulesFor(key({ labels: { owner: 'x' } }))[0]?.message).toBe('Missing required label: env.')
    expect(ids(key({ labels: {} }), { settings: { requiredLabels: [] } })).toEqual([])
    expect(ids(key({ labels: { team: 'a' } }), { settings: { requiredLabels: ['team'] } })).toEqual([])
  })

  it('pending deletion: countdown, and a loud warning only when used recently or by local files', () => {
    const pending = key({ status: 'pending_deletion', deletionScheduledAt: iso(NOW + 3 * DAY) })
    expect(rulesFor(pending)).toMatchObject([{ rule: 'pending-deletion', severity: 'high', daysLeft: 3, loud: false }])
    const files: UsageSource = {
      lastUsed: () => undefined,
      localFiles: (r, id) => (r === 'nl-01' && id === 'kms-healthy' ? 4 : 0)
    }
    const f = rulesFor(pending, { usage: files })[0]
    expect(f).toMatchObject({ severity: 'critical', loud: true, localFiles: 4 })
    expect(f?.message).toMatch(/4 local files still use it/)
    const used: UsageSource = { lastUsed: () => NOW - DAY, localFiles: () => 0 }
    expect(rulesFor(pending, { usage: used })[0]?.message).toMatch(/this app used it recently/)
    // Rotation rules never apply to a key that is going away.
    expect(ids(key({ status: 'pending_deletion', ageDays: 900 }))).toEqual(['pending-deletion'])
  })

  it('disabled keys only when still used', () => {
    const disabled = key({ status: 'disabled', ageDays: 900 })
    expect(ids(disabled)).toEqual([])
    expect(ids(disabled, { usage: { lastUsed: () => NOW - DAY, localFiles: () => 0 } })).toEqual(['disabled-in-use'])
  })

  it('switched-off rules produce nothing', () => {
    expect(
      ids(key({ exportAllowed: true, labels: {} }), {
        settings: { disabledRules: ['export-allowed', 'missing-labels'] }
      })
    ).toEqual([])
  })

  it('tolerates unknown statuses, missing versions and bad dates without throwing', () => {
    expect(ids(key({ status: 'archived' }))).toEqual([])
    expect(ids(key({ versions: undefined, createdAt: 'not a date' }))).toEqual([])
    expect(ids(key({ status: 'pending_deletion', deletionScheduledAt: 'garbage' }))).toEqual(['pending-deletion'])
  })
})
