import { z } from 'zod'
import {
  KmsKeySchema,
  UpdateRotationRequestSchema,
  type KmsKey,
  type UpdateRotationRequest
} from '@contract/schemas/kms'
import type { KeyOp } from './classify'
import type { CallOpts, ClientCore } from './client-core'
import { badInput } from './errors'
import { onKey } from './key-failures'
import { getKey } from './reads'

/** The lifecycle endpoints of one key: method, path after the key, and what the error says was done. */
const STEPS = {
  rotation: { method: 'PATCH', suffix: '/rotation', doing: 'Updating rotation of' },
  rotate: { method: 'POST', suffix: '/rotate', doing: 'Rotating' },
  disable: { method: 'POST', suffix: '/disable', doing: 'Disabling' },
  enable: { method: 'POST', suffix: '/enable', doing: 'Enabling' },
  delete: { method: 'DELETE', suffix: '', doing: 'Scheduling deletion of' },
  'cancel-deletion': { method: 'DELETE', suffix: '/cancel-deletion', doing: 'Cancelling deletion of' }
} as const satisfies Partial<Record<KeyOp, { method: 'POST' | 'PATCH' | 'DELETE'; suffix: string; doing: string }>>

export async function updateRotation(
  c: ClientCore,
  region: string,
  id: string,
  req: UpdateRotationRequest,
  o?: CallOpts
): Promise<KmsKey> {
  const parsed = UpdateRotationRequestSchema.safeParse(req)
  if (!parsed.success)
    throw badInput(
      'rotationPeriodInDays must be a whole number from 1 to 3650',
      'Enter a rotation period between 1 and 3650 days.',
      'rotationPeriodInDays'
    )
  // UpdateRotationRequest's fields are pointers: false is sent, only absent fields are left out.
  return lifecycle(c, region, id, 'rotation', o, parsed.data)
}

/**
 * Lifecycle calls answer the key, but a server may answer 204 or an empty or partial body (the
 * SDK ignores the body of DELETE): then the key is read again, so the caller always gets it.
 */
export async function lifecycle(
  c: ClientCore,
  region: string,
  id: string,
  op: keyof typeof STEPS,
  o?: CallOpts,
  body?: object
): Promise<KmsKey> {
  const step = STEPS[op]
  const schema = z.union([KmsKeySchema, z.unknown()])
  const r = await onKey(c, region, id, op, () =>
    c.run(
      {
        method: step.method,
        path: c.keyPath(region, id, step.suffix),
        ...(body ? { body } : {}),
        schema,
        idempotent: false,
        ctx: c.ctx(`${step.doing} ${id}`, region, id)
      },
      o
    )
  )
  const key = KmsKeySchema.safeParse(r)
  return key.success ? c.remember(region, key.data) : getKey(c, region, id, o)
}
