import { describe, expect, it } from 'vitest'
import type { ActivityEntry } from '@contract/schemas/activity'
import { activityUsage, computePosture, DEFAULT_POSTURE_SETTINGS, RULE_IDS } from '../../../../../src-main/services/posture'
import { keySet, NOW, REGIONS } from './key-set'

const DAY = 86_400_000

describe('posture over 10,000 keys in 3 regions', () => {
  const sets = keySet(10_000)
  const all = sets.flatMap((s) => s.keys)

  it('checks every key and counts each rule exactly as often as the data warrants', () => {
    const r = computePosture(sets, { settings: DEFAULT_POSTURE_SETTINGS, now: NOW })
    expect(r.keysChecked).toBe(10_000)
    expect(new Set(r.findings.map((f) => f.region))).toEqual(new Set(REGIONS))
    const active = all.filter((k) => k.status === 'active')
    expect(r.byRule['rotation-off']).toBe(active.filter((k) => !k.keyRotationEnabled && !k.imported).length)
    expect(r.byRule['imported-no-rotation']).toBe(active.filter((k) => !k.keyRotationEnabled && k.imported).length)
    expect(r.byRule['pending-deletion']).toBe(all.filter((k) => k.status === 'pending_deletion').length)
    expect(r.byRule['export-allowed']).toBe(
      all.filter((k) => k.exportAllowed && k.status !== 'pending_deletion').length
    )
    expect(r.byRule['missing-labels']).toBe(all.filter((k) => !k.labels?.owner || !k.labels.env).length)
    expect(r.byRule['disabled-in-use']).toBeUndefined()
    expect(r.byRule['rotation-overdue']).toBeGreaterThan(0)
    expect(r.byRule['not-rotated']).toBeGreaterThan(0)
    expect(Object.values(r.byRule).reduce((a, b) => a + b, 0)).toBe(r.findings.length)
    // The queue starts with the most urgent: no high after a medium, no medium after a low.
    const rank = { critical: 0, high: 1, medium: 2, low: 3 }
    for (let i = 1; i < r.findings.length; i++)
      expect(rank[r.findings[i - 1]!.severity] <= rank[r.findings[i]!.severity]).toBe(true)
  })

  it('activity log and local files turn pending deletions loud and flag disabled keys in use', () => {
    const pending = all.find((k) => k.status === 'pending_deletion')!
    const disabled = all.find((k) => k.status === 'disabled')!
    const regionOf = (id: string) => sets.find((s) => s.keys.some((k) => k.identity === id))!.region
    const entries: ActivityEntry[] = [
      {
        time: new Date(NOW - 2 * DAY).toISOString(),
        profile: 'p',
        region: regionOf(disabled.identity),
        key: disabled.slug,
        operation: 'crypto:encrypt',
        outcome: 'error',
        errorCode: 'key_not_usable'
      },
      // Too old, a lifecycle action, and another region: none of these is recent use.
      {
        time: new Date(NOW - 90 * DAY).toISOString(),
        profile: 'p',
        region: regionOf(pending.identity),
        key: pending.identity,
        operation: 'crypto:decrypt',
        outcome: 'ok'
      },
      {
        time: new Date(NOW - DAY).toISOString(),
        profile: 'p',
        region: regionOf(pending.identity),
        key: pending.identity,
        operation: 'keys:schedule-deletion',
        outcome: 'ok'
      },
      {
        time: new Date(NOW - DAY).toISOString(),
        profile: 'p',
        region: 'xx-99',
        key: pending.identity,
        operation: 'crypto:decrypt',
        outcome: 'ok'
      }
    ]
    const usage = activityUsage(entries, {
      now: NOW,
      recentUseDays: 30,
      localFiles: (r, id) => (id === pending.identity && r === regionOf(id) ? 2 : 0)
    })
    const r = computePosture(sets, { settings: DEFAULT_POSTURE_SETTINGS, now: NOW, usage })
    expect(r.findings[0]).toMatchObject({
      rule: 'pending-deletion',
      keyIdentity: pending.identity,
      loud: true,
      localFiles: 2,
      severity: 'critical'
    })
    expect(r.findings[0]?.lastUsed).toBeUndefined()
    expect(r.findings.filter((f) => f.loud)).toHaveLength(1)
    expect(r.findings.filter((f) => f.rule === 'disabled-in-use').map((f) => f.keyIdentity)).toEqual([
      disabled.identity
    ])
  })

  it('every rule id has a test path (no rule is silently dead)', () => {
    const seen = new Set(
      computePosture(sets, {
        settings: DEFAULT_POSTURE_SETTINGS,
        now: NOW,
        usage: { lastUsed: () => NOW, localFiles: () => 1 }
      }).findings.map((f) => f.rule)
    )
    expect([...seen].sort()).toEqual([...RULE_IDS].sort())
  })
})
