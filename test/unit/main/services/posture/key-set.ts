import type { KmsKey } from '@contract/schemas/kms'
import type { RegionKeys } from '../../../../../src-main/services/posture'

export const NOW = Date.parse('2026-06-01T12:00:00Z')
const DAY = 86_400_000
const iso = (t: number) => new Date(t).toISOString()
export const REGIONS = ['nl-01', 'nl-02', 'de-01'] as const

/** One key with sensible "healthy" defaults; tests override what they check. */
export function key(over: Partial<KmsKey> & { ageDays?: number } = {}): KmsKey {
  const { ageDays = 10, ...rest } = over
  const created = NOW - ageDays * DAY
  return {
    identity: 'kms-healthy',
    name: 'healthy',
    slug: 'healthy',
    keyType: 'aes256-gcm96',
    status: 'active',
    labels: { owner: 'sec', env: 'prod' },
    exportAllowed: false,
    keyRotationEnabled: true,
    rotationPeriodInDays: 90,
    latestVersion: 1,
    versions: [{ version: 1, createdAt: iso(created) }],
    createdAt: iso(created),
    updatedAt: iso(created),
    ...rest
  }
}

/**
 * A deterministic organisation of `n` keys spread over three regions, mixing every state the
 * rules look at (statuses, rotation on/off and overdue, imports, export, labels, deletions).
 */
export function keySet(n = 10_000): RegionKeys[] {
  const by = new Map<string, KmsKey[]>(REGIONS.map((r) => [r, []]))
  for (let i = 0; i < n; i++) {
    const region = REGIONS[i % 3] as string
    const age = (i * 37) % 500
    const latestAge = i % 4 === 0 ? age : age % 120
    const status = i % 20 === 0 ? 'pending_deletion' : i % 20 === 1 ? 'disabled' : 'active'
    const k = key({
      identity: `kms-${i.toString(36).padStart(6, '0')}`,
      name: `service ${i}`,
      slug: `service-${i}`,
      status,
      imported: i % 7 === 0,
      exportAllowed: i % 11 === 0,
      keyRotationEnabled: i % 3 !== 0,
      rotationPeriodInDays: i % 3 !== 0 ? 30 + (i % 4) * 30 : undefined,
      labels:
        i % 5 === 0
          ? {}
          : i % 5 === 1
            ? { owner: `team-${i % 13}` }
            : { owner: `team-${i % 13}`, env: i % 2 ? 'prod' : 'dev' },
      latestVersion: 1 + (i % 3),
      versions: Array.from({ length: 1 + (i % 3) }, (_, v) => ({
        version: v + 1,
        createdAt: iso(NOW - (v === i % 3 ? latestAge : age) * DAY)
      })),
      createdAt: iso(NOW - age * DAY),
      ...(status === 'pending_deletion' ? { deletionScheduledAt: iso(NOW + (i % 30) * DAY + DAY / 2) } : {})
    })
    by.get(region)?.push(k)
  }
  return [...by].map(([region, keys]) => ({ region, keys }))
}
