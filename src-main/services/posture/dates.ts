import type { KmsKey } from '@contract/schemas/kms'

export const DAY_MS = 86_400_000

/** When the latest version was created (the key's createdAt when versions are not listed); NaN if unknown. */
export function latestVersionTime(k: KmsKey): number {
  // One pass, no closures: this runs for every key of every posture run.
  const vs = k.versions
  let latest: { version: number; createdAt: string } | undefined
  let highest: { version: number; createdAt: string } | undefined
  if (vs) {
    for (const v of vs) {
      if (v.version === k.latestVersion) {
        latest = v
        break
      }
      if (!highest || v.version > highest.version) highest = v
    }
  }
  return Date.parse((latest ?? highest)?.createdAt ?? k.createdAt)
}

/**
 * When the next automatic rotation is due: the latest version's createdAt + the period.
 * INFERRED (API reference §3.9): the API has no "next rotation" field.
 */
export function nextRotationDue(k: KmsKey): number | undefined {
  if (!k.keyRotationEnabled || !k.rotationPeriodInDays) return undefined
  const base = latestVersionTime(k)
  return Number.isNaN(base) ? undefined : base + k.rotationPeriodInDays * DAY_MS
}

/** When a pending deletion becomes final (`deletionScheduledAt` is that moment). */
export function deletionFinal(k: KmsKey): number | undefined {
  if (k.status !== 'pending_deletion' || !k.deletionScheduledAt) return undefined
  const t = Date.parse(k.deletionScheduledAt)
  return Number.isNaN(t) ? undefined : t
}

/** Whole days from `now` until `t`, never negative. */
export function daysUntil(t: number, now: number): number {
  return Math.max(0, Math.ceil((t - now) / DAY_MS))
}

export function daysSince(t: number, now: number): number {
  return Math.max(0, Math.floor((now - t) / DAY_MS))
}
