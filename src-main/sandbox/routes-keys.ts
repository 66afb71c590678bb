import { supports, type KeyType } from '@contract/schemas/key-types'
import { wrappingPublicKey, WRAPPING_ALGORITHM } from './byok'
import { bodyOf, ok, type KmsCtx, type KmsRoute } from './context'
import { badRequest } from './errors'
import { exportPublicKey } from './key-material'
import { keyView } from './key-view'
import { CreateBody, RotationBody } from './request-schemas'
import type { KeyRecord } from './state-schema'

const view = (c: KmsCtx, k: KeyRecord) => keyView(k, c.orgView)
const key = (c: KmsCtx) => c.deps.keys.find(c.scope, c.params.id!)

function publicKeys(c: KmsCtx) {
  const k = key(c)
  if (!supports(k.keyType as KeyType, 'publicKey'))
    throw badRequest(`${k.keyType} keys have no public key; public keys exist for RSA, ECDSA and Ed25519 keys`)
  const raw = c.query.get('version')
  let versions = k.versions.map((v) => v.version)
  if (raw !== null) {
    if (!/^[1-9][0-9]{0,8}$/.test(raw)) throw badRequest('version must be a positive integer')
    if (!versions.includes(Number(raw)))
      throw badRequest(`key version ${raw} does not exist (latest is ${k.latestVersion})`)
    versions = [Number(raw)]
  }
  const keys: Record<string, string> = {}
  for (const v of versions) keys[String(v)] = exportPublicKey(k.keyType as KeyType, c.deps.keys.material(k, v))
  return ok({ keys })
}

/** Key management endpoints (reference §2), relative to /v1/kms/{region}. */
export const keyRoutes: KmsRoute[] = [
  {
    method: 'GET',
    path: 'keys',
    permission: 'read',
    handler: (c) => {
      const f = (n: string) => c.query.get(n) ?? undefined
      return ok(
        c.deps.keys.list(c.scope, { identity: f('identity'), name: f('name'), slug: f('slug') }).map((k) => view(c, k))
      )
    }
  },
  {
    method: 'POST',
    path: 'keys',
    permission: 'create',
    handler: async (c) => ({ status: 201, body: view(c, await c.deps.keys.create(c.scope, bodyOf(c, CreateBody))) })
  },
  { method: 'GET', path: 'keys/:id', permission: 'read', handler: (c) => ok(view(c, key(c))) },
  {
    method: 'GET',
    path: 'wrapping-key',
    permission: 'create',
    handler: async (c) =>
      ok({
        publicKey: await wrappingPublicKey(
          c.deps.store,
          c.scope.region,
          () => c.deps.clock.now(),
          c.deps.keys.keyPairs
        ),
        algorithm: WRAPPING_ALGORITHM
      })
  },
  { method: 'GET', path: 'keys/:id/public-key', permission: 'read', handler: publicKeys },
  {
    method: 'PATCH',
    path: 'keys/:id/rotation',
    permission: 'update',
    handler: async (c) => ok(view(c, await c.deps.keys.updateRotation(key(c), bodyOf(c, RotationBody))))
  },
  {
    method: 'POST',
    path: 'keys/:id/rotate',
    noBody: true,
    permission: 'update',
    handler: async (c) => ok(view(c, await c.deps.keys.rotate(key(c))))
  },
  {
    method: 'POST',
    path: 'keys/:id/disable',
    noBody: true,
    permission: 'delete',
    handler: async (c) => ok(view(c, await c.deps.keys.disable(key(c))))
  },
  {
    method: 'POST',
    path: 'keys/:id/enable',
    noBody: true,
    permission: 'delete',
    handler: async (c) => ok(view(c, await c.deps.keys.enable(key(c))))
  },
  {
    method: 'DELETE',
    path: 'keys/:id',
    permission: 'delete',
    handler: async (c) => ok(view(c, await c.deps.keys.scheduleDeletion(key(c))))
  },
  {
    method: 'DELETE',
    path: 'keys/:id/cancel-deletion',
    permission: 'delete',
    handler: async (c) => ok(view(c, await c.deps.keys.cancelDeletion(key(c))))
  }
]
