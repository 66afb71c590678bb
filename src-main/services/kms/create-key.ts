import { CreateKeyRequestSchema, KmsKeySchema, type CreateKeyRequest, type KmsKey } from '@contract/schemas/kms'
import { seg, type CallOpts, type ClientCore } from './client-core'
import { KmsError, badInput, cancelled } from './errors'
import { unmaskRegion404 } from './key-failures'
import { listKeys } from './reads'
import { backoffDelay } from './retry'
import { omitEmpty } from './sdk-body'

/**
 * Never blindly retried. After an ambiguous failure (connection lost, timeout, 502/503/504) the
 * key is looked up by name first, so a create whose response was lost does not make a second key.
 */
export async function createKey(c: ClientCore, region: string, req: CreateKeyRequest, o?: CallOpts): Promise<KmsKey> {
  const parsed = CreateKeyRequestSchema.safeParse(req)
  if (!parsed.success) {
    const i = parsed.error.issues[0]
    const field = i?.path.join('.') || 'request'
    throw badInput(
      `Invalid key request: ${field} ${i?.message ?? 'is invalid'}`,
      `Correct ${field} and try again.`,
      field
    )
  }
  const checked = parsed.data
  const body = omitEmpty(checked)
  const ctx = c.ctx(`Creating key ${checked.name}`, region)
  const policy = c.http.retry
  const startedAt = Date.now()
  for (let attempt = 1; ; attempt++) {
    try {
      return c.remember(
        region,
        await c.run(
          {
            method: 'POST',
            path: `/v1/kms/${seg(region, 'region')}/keys`,
            body,
            schema: KmsKeySchema,
            idempotent: false,
            ctx
          },
          o
        )
      )
    } catch (e) {
      // A masked 404 on create: when the same token can list keys here, it may only read them.
      await unmaskRegion404(c, e, region, ctx, o)
      const ambiguous =
        e instanceof KmsError &&
        ['network', 'timeout', 'server', 'region_unavailable', 'rate_limited'].includes(e.code) &&
        e.appError.status !== 500
      // A 503 from a region the summary lists as without KMS is an answer, not an outage.
      const definitive = e instanceof KmsError && e.code === 'region_unavailable' && c.unavailable.has(region)
      if (!ambiguous || definitive || attempt >= policy.maxAttempts || o?.signal?.aborted) throw e
      const delay = backoffDelay(policy, attempt)
      c.http.onRetry?.({ method: 'POST', path: '/v1/kms/{region}/keys', attempt, delayMs: delay, reason: e.code })
      await policy.sleep(delay, o?.signal).catch(() => {
        throw cancelled(ctx)
      })
      const existing = await findCreated(c, region, checked, startedAt, o)
      if (existing) return existing
    }
  }
}

/** The key our earlier attempt may have created: same name and type, created since we started. */
async function findCreated(
  c: ClientCore,
  region: string,
  req: CreateKeyRequest,
  startedAt: number,
  o?: CallOpts
): Promise<KmsKey | undefined> {
  const found = (await listKeys(c, region, { name: req.name }, o)).find((k) => k.name === req.name)
  if (!found) return undefined
  const skewMs = 10 * 60_000
  if (found.keyType !== req.keyType || Date.parse(found.createdAt) < startedAt - skewMs)
    throw new KmsError({
      code: 'conflict_slug',
      status: 409,
      field: 'name',
      message: `Creating key ${req.name} failed: a different key with this name already exists`,
      hint: 'Choose another name: key names (slugs) are unique per organisation, region and project.'
    })
  return found
}
