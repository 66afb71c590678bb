import type { BulkAction } from '@contract/schemas/bulk'
import type { KmsKey } from '@contract/schemas/kms'
import type { KmsClient } from '../kms/client'

/** Before sending: the key is already as asked, cannot be changed this way, or needs the call. */
type Precheck = { kind: 'satisfied'; message: string } | { kind: 'refused'; message: string } | { kind: 'go' }

export interface ActionSpec {
  label: string
  /** Past tense for outcomes, e.g. "rotated". */
  done: string
  precheck(before: KmsKey): Precheck
  send(c: KmsClient, region: string, identity: string): Promise<KmsKey>
  /** Whether `now` shows this action applied to `before` (used after a lost answer as well). */
  reached(before: KmsKey, now: KmsKey): boolean
}

/** The latest version: the highest of `latestVersion` and the listed versions. */
export function latestOf(k: KmsKey): number {
  return Math.max(k.latestVersion ?? 0, ...(k.versions ?? []).map((v) => v.version))
}

const go: Precheck = { kind: 'go' }
const pendingDeletion = (k: KmsKey, what: string): Precheck | undefined =>
  k.status === 'pending_deletion'
    ? { kind: 'refused', message: `The key is pending deletion; cancel the deletion before ${what} it.` }
    : undefined

export function actionSpec(a: BulkAction): ActionSpec {
  switch (a.kind) {
    case 'rotate':
      return {
        label: 'Rotate',
        done: 'rotated',
        precheck: (k) =>
          k.status === 'active'
            ? go
            : {
                kind: 'refused',
                message: `The key is ${k.status.replace('_', ' ')}; only active keys can be rotated.`
              },
        send: (c, r, id) => c.rotate(r, id),
        // One new version and no more: a second rotation from one request would show as +2.
        reached: (b, n) => latestOf(n) === latestOf(b) + 1
      }
    case 'enable':
      return {
        label: 'Enable',
        done: 'enabled',
        precheck: (k) =>
          pendingDeletion(k, 'enabling') ??
          (k.status === 'active' ? { kind: 'satisfied', message: 'Already active.' } : go),
        send: (c, r, id) => c.enable(r, id),
        reached: (_b, n) => n.status === 'active'
      }
    case 'disable':
      return {
        label: 'Disable',
        done: 'disabled',
        precheck: (k) =>
          pendingDeletion(k, 'disabling') ??
          (k.status === 'disabled' ? { kind: 'satisfied', message: 'Already disabled.' } : go),
        send: (c, r, id) => c.disable(r, id),
        reached: (_b, n) => n.status === 'disabled'
      }
    case 'schedule-deletion':
      return {
        label: 'Schedule deletion',
        done: 'scheduled for deletion',
        precheck: (k) =>
          k.status === 'pending_deletion'
            ? {
                kind: 'satisfied',
                message: `Already pending deletion${k.deletionScheduledAt ? ` (${k.deletionScheduledAt})` : ''}.`
              }
            : go,
        send: (c, r, id) => c.scheduleDeletion(r, id),
        reached: (_b, n) => n.status === 'pending_deletion'
      }
    case 'set-rotation': {
      const matches = (k: KmsKey): boolean =>
        k.keyRotationEnabled === a.keyRotationEnabled &&
        (a.rotationPeriodInDays === undefined || k.rotationPeriodInDays === a.rotationPeriodInDays)
      const body = {
        keyRotationEnabled: a.keyRotationEnabled,
        ...(a.rotationPeriodInDays === undefined ? {} : { rotationPeriodInDays: a.rotationPeriodInDays })
      }
      return {
        label: 'Set rotation policy',
        done: 'rotation policy set',
        precheck: (k) => (matches(k) ? { kind: 'satisfied', message: 'The rotation policy is already as asked.' } : go),
        send: (c, r, id) => c.updateRotation(r, id, body),
        reached: (_b, n) => matches(n)
      }
    }
  }
}

/** One line for plans and confirmations, e.g. "Set rotation policy (on, every 90 days)". */
export function describeAction(a: BulkAction): string {
  if (a.kind !== 'set-rotation') return actionSpec(a).label
  return `Set rotation policy (${a.keyRotationEnabled ? `on${a.rotationPeriodInDays ? `, every ${a.rotationPeriodInDays} days` : ''}` : 'off'})`
}
