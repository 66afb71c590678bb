import { timingSafeEqual } from 'node:crypto'
import { MAX_PAYLOAD_BYTES, supports, type KeyOperation, type KeyType } from '@contract/schemas/key-types'
import { bodyOf, ok, type KmsCtx, type KmsRoute } from './context'
import * as ops from './crypto-ops'
import { badRequest } from './errors'
import { requireActive } from './keys'
import {
  DecryptBody,
  EncryptBody,
  ExportBody,
  HmacBody,
  SignBody,
  VerifyBody,
  VerifyHmacBody,
  type BodySpec
} from './request-schemas'
import type { KeyRecord } from './state-schema'

const OP_TYPES: Record<'encrypt' | 'sign' | 'hmac', string> = {
  encrypt: 'encrypt/decrypt needs a symmetric (aes*, chacha20-poly1305) or RSA key',
  sign: 'sign/verify needs an RSA, ECDSA or Ed25519 key',
  hmac: 'hmac needs an hmac, hmac-sha256 or hmac-sha512 key'
}

/** The key, checked for the operation (400 wrong type) and for being active (400 disabled/pending). */
function usableKey<T>(
  c: KmsCtx,
  op: 'encrypt' | 'sign' | 'hmac',
  spec: BodySpec<T>
): { k: KeyRecord; t: KeyType; b: T } {
  const b = bodyOf(c, spec)
  const k = c.deps.keys.find(c.scope, c.params.id!)
  const t = k.keyType as KeyType
  if (!supports(t, op as KeyOperation)) throw badRequest(`wrong operation for key type ${t}: ${OP_TYPES[op]}`)
  requireActive(k)
  return { k, t, b }
}

/** Standard base64 with padding, decoded size 1–65,535 bytes. */
function payload(v: string, field: string): Buffer {
  if (v.length === 0) throw badRequest(`${field} is required (base64)`)
  if (v.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(v))
    throw badRequest(`${field} must be standard base64 with padding`)
  const data = Buffer.from(v, 'base64')
  if (data.length < 1 || data.length > MAX_PAYLOAD_BYTES)
    throw badRequest(`${field} must decode to 1–${MAX_PAYLOAD_BYTES} bytes, got ${data.length}`)
  return data
}

/** Requested `keyVersion` (already a number) or the latest; must lie in [minDecryptionVersion, latest]. */
function pickVersion(k: KeyRecord, v: number | undefined): number {
  return v === undefined ? k.latestVersion : usableVersion(k, v)
}

function usableVersion(k: KeyRecord, v: number): number {
  if (v < k.minDecryptionVersion || v > k.latestVersion)
    throw badRequest(
      `key version ${v} is not usable: versions ${k.minDecryptionVersion}–${k.latestVersion} are available`
    )
  return v
}

/** Strict bodies never carry `signatureAlgorithm` (always PSS) nor `prehashed` on verify. */
function signOptions(b: {
  hashAlgorithm?: string
  prehashed?: boolean
  signatureAlgorithm?: 'pss' | 'pkcs1v15'
}): ops.SignOptions {
  return {
    hash: ops.parseHash(b.hashAlgorithm, 'hashAlgorithm', 'sha256'),
    prehashed: b.prehashed === true,
    scheme: b.signatureAlgorithm ?? 'pss'
  }
}

/** Lenient mode accepts either HMAC field name on both endpoints. */
const hmacAlgorithm = (b: { algorithm?: string; hashAlgorithm?: string }): unknown => b.algorithm ?? b.hashAlgorithm

export const cryptoRoutes: KmsRoute[] = [
  {
    method: 'POST',
    path: 'keys/:id/encrypt',
    permission: 'update',
    handler: (c) => {
      const { k, t, b } = usableKey(c, 'encrypt', EncryptBody)
      const data = payload(b.plaintext, 'plaintext')
      const v = pickVersion(k, b.keyVersion)
      return ok({
        ciphertext: ops.formatVersioned(v, ops.encrypt(t, c.deps.keys.material(k, v), data)),
        keyVersion: String(v)
      })
    }
  },
  {
    method: 'POST',
    path: 'keys/:id/decrypt',
    permission: 'update',
    handler: (c) => {
      const { k, t, b } = usableKey(c, 'encrypt', DecryptBody)
      const { version, data } = ops.parseVersioned(b.ciphertext, 'ciphertext')
      const v = usableVersion(k, version)
      return ok({
        plaintext: ops.decrypt(t, c.deps.keys.material(k, v), data).toString('base64'),
        keyVersion: String(v)
      })
    }
  },
  {
    method: 'POST',
    path: 'keys/:id/sign',
    permission: 'update',
    handler: (c) => {
      const { k, t, b } = usableKey(c, 'sign', SignBody)
      const input = payload(b.input, 'input')
      const v = pickVersion(k, b.keyVersion)
      return ok({
        signature: ops.formatVersioned(v, ops.sign(t, c.deps.keys.material(k, v), input, signOptions(b))),
        keyVersion: String(v)
      })
    }
  },
  {
    method: 'POST',
    path: 'keys/:id/verify',
    permission: 'update',
    handler: (c) => {
      const { k, t, b } = usableKey(c, 'sign', VerifyBody)
      const input = payload(b.input, 'input')
      const { version, data } = ops.parseVersioned(b.signature, 'signature')
      const v = usableVersion(k, version)
      return ok({
        valid: ops.verify(t, c.deps.keys.material(k, v), input, data, signOptions(b)),
        keyVersion: String(v)
      })
    }
  },
  {
    method: 'POST',
    path: 'keys/:id/hmac',
    permission: 'update',
    handler: (c) => {
      const { k, t, b } = usableKey(c, 'hmac', HmacBody)
      const input = payload(b.input, 'input')
      const hash = ops.hmacHash(t, hmacAlgorithm(b))
      const v = pickVersion(k, b.keyVersion)
      return ok({
        hmac: ops.formatVersioned(v, ops.hmac(c.deps.keys.material(k, v), input, hash)),
        keyVersion: String(v)
      })
    }
  },
  {
    method: 'POST',
    path: 'keys/:id/verify-hmac',
    permission: 'update',
    handler: (c) => {
      const { k, t, b } = usableKey(c, 'hmac', VerifyHmacBody)
      const input = payload(b.input, 'input')
      const hash = ops.hmacHash(t, hmacAlgorithm(b))
      const { version, data } = ops.parseVersioned(b.hmac, 'hmac')
      const v = usableVersion(k, version)
      const want = ops.hmac(c.deps.keys.material(k, v), input, hash)
      return ok({ valid: want.length === data.length && timingSafeEqual(want, data), keyVersion: String(v) })
    }
  },
  {
    method: 'POST',
    path: 'keys/:id/export',
    permission: 'update',
    handler: (c) => {
      const b = bodyOf(c, ExportBody)
      const k = c.deps.keys.find(c.scope, c.params.id!)
      if (!k.exportAllowed)
        throw badRequest(
          'export not allowed: this key was created without exportAllowed, which cannot be changed later'
        )
      requireActive(k)
      const v = pickVersion(k, b.keyVersion)
      return ok({ keyMaterial: c.deps.keys.material(k, v).toString('base64'), keyVersion: String(v) })
    }
  }
]
