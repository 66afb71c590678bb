import { chacha20poly1305 } from '@noble/ciphers/chacha.js'
import {
  type CipherGCMTypes,
  constants,
  createCipheriv,
  createDecipheriv,
  createHmac,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  sign as nodeSign,
  verify as nodeVerify
} from 'node:crypto'
import { keyFamily, rsaOaepLimit, type KeyType } from '@contract/schemas/key-types'
import { signDigest, verifyDigest } from './ecdsa-prehashed'
import { badRequest } from './errors'
import { privateKeyOf, publicKeyOf } from './key-material'
import { signDigestPkcs1, signDigestPss, verifyDigestPkcs1, verifyDigestPss, type Hash } from './rsa-prehashed'

export type { Hash }
const HASH_BYTES: Record<Hash, number> = { sha256: 32, sha384: 48, sha512: 64 }

/** `sha2-256` (the documented vocabulary) or `sha256`, in any case. */
export function parseHash(value: unknown, field: string, fallback: Hash): Hash {
  if (value === undefined || value === null || value === '') return fallback
  const m = typeof value === 'string' ? /^sha(?:2-)?(256|384|512)$/i.exec(value) : null
  if (!m) throw badRequest(`${field} must be one of sha2-256, sha2-384, sha2-512 (got ${JSON.stringify(value)})`)
  return `sha${m[1]}` as Hash
}

/** `thalassa:v<N>:<base64>`: the version lets decrypt/verify pick the right key version. */
export const formatVersioned = (version: number, data: Buffer): string =>
  `thalassa:v${version}:${data.toString('base64')}`

export function parseVersioned(value: unknown, field: string): { version: number; data: Buffer } {
  const m = typeof value === 'string' ? /^thalassa:v([1-9][0-9]{0,8}):([A-Za-z0-9+/]+={0,2})$/.exec(value) : null
  if (!m) throw badRequest(`${field} must look like thalassa:v<N>:<base64>, as returned by the KMS`)
  return { version: Number(m[1]), data: Buffer.from(m[2]!, 'base64') }
}

const GCM: Partial<Record<KeyType, CipherGCMTypes>> = { 'aes128-gcm96': 'aes-128-gcm', 'aes256-gcm96': 'aes-256-gcm' }
const OAEP = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' } as const

/** Symmetric: nonce(12) ‖ ciphertext ‖ tag(16). RSA: RSA-OAEP-SHA256. */
export function encrypt(t: KeyType, material: Buffer, plaintext: Buffer): Buffer {
  if (keyFamily(t) === 'rsa') {
    const limit = rsaOaepLimit(t) ?? 0
    if (plaintext.length > limit)
      throw badRequest(
        `plaintext is ${plaintext.length} bytes; ${t} (RSA-OAEP-SHA256) encrypts at most ${limit}. Use a symmetric key or envelope encryption for larger data`
      )
    return publicEncrypt({ key: publicKeyOf(material), ...OAEP }, plaintext)
  }
  const nonce = randomBytes(12)
  const algo = GCM[t]
  if (algo === undefined) return Buffer.concat([nonce, chacha20poly1305(material, nonce).encrypt(plaintext)])
  const c = createCipheriv(algo, material, nonce)
  const ct = c.update(plaintext)
  c.final()
  return Buffer.concat([nonce, ct, c.getAuthTag()])
}

export function decrypt(t: KeyType, material: Buffer, data: Buffer): Buffer {
  const fail = badRequest('ciphertext could not be decrypted: it was not made by this key or it was altered')
  try {
    if (keyFamily(t) === 'rsa') return privateDecrypt({ key: privateKeyOf(material), ...OAEP }, data)
    if (data.length < 28) throw fail
    const nonce = data.subarray(0, 12)
    const algo = GCM[t]
    if (algo === undefined) return Buffer.from(chacha20poly1305(material, nonce).decrypt(data.subarray(12)))
    const d = createDecipheriv(algo, material, nonce)
    d.setAuthTag(data.subarray(data.length - 16))
    return Buffer.concat([d.update(data.subarray(12, data.length - 16)), d.final()])
  } catch {
    throw fail
  }
}

export type SignOptions = { hash: Hash; prehashed: boolean; scheme: 'pss' | 'pkcs1v15' }

function checkPrehashed(t: KeyType, input: Buffer, o: SignOptions): void {
  if (!o.prehashed) return
  if (keyFamily(t) === 'ed25519')
    throw badRequest(
      'prehashed is not supported for ed25519: Ed25519 signs the message itself; send the input with prehashed false'
    )
  if (input.length !== HASH_BYTES[o.hash])
    throw badRequest(`prehashed input must be a ${o.hash} digest of ${HASH_BYTES[o.hash]} bytes, got ${input.length}`)
}

function rsaPadding(o: SignOptions, hashLen: number) {
  return o.scheme === 'pss'
    ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: hashLen }
    : { padding: constants.RSA_PKCS1_PADDING }
}

/** RSA: PSS (salt = digest length) or PKCS#1 v1.5; ECDSA: DER; Ed25519: pure. */
export function sign(t: KeyType, material: Buffer, input: Buffer, o: SignOptions): Buffer {
  checkPrehashed(t, input, o)
  const key = privateKeyOf(material)
  const family = keyFamily(t)
  if (family === 'ed25519') return nodeSign(null, input, key)
  if (family === 'ecdsa') return o.prehashed ? signDigest(key, input) : nodeSign(o.hash, input, key)
  if (o.prehashed) return o.scheme === 'pss' ? signDigestPss(key, input, o.hash) : signDigestPkcs1(key, input, o.hash)
  return nodeSign(o.hash, input, { key, ...rsaPadding(o, HASH_BYTES[o.hash]) })
}

export function verify(t: KeyType, material: Buffer, input: Buffer, sig: Buffer, o: SignOptions): boolean {
  checkPrehashed(t, input, o)
  const key = publicKeyOf(material)
  const family = keyFamily(t)
  try {
    if (family === 'ed25519') return nodeVerify(null, input, key, sig)
    if (family === 'ecdsa') return o.prehashed ? verifyDigest(key, input, sig) : nodeVerify(o.hash, input, key, sig)
    if (o.prehashed)
      return o.scheme === 'pss' ? verifyDigestPss(key, input, sig, o.hash) : verifyDigestPkcs1(key, input, sig, o.hash)
    return nodeVerify(o.hash, input, { key, ...rsaPadding(o, HASH_BYTES[o.hash]) }, sig)
  } catch {
    // A malformed signature is simply not valid.
    return false
  }
}

/** The hash of an HMAC key: fixed for hmac-sha256/512; `hmac` takes the request's choice (default sha2-256). */
export function hmacHash(t: KeyType, requested: unknown): Hash {
  const fixed: Partial<Record<KeyType, Hash>> = { 'hmac-sha256': 'sha256', 'hmac-sha512': 'sha512' }
  const f = fixed[t]
  if (f === undefined) return parseHash(requested, 'algorithm', 'sha256')
  const asked = parseHash(requested, 'algorithm', f)
  if (asked !== f)
    throw badRequest(
      `${t} keys always use ${f.replace('sha', 'sha2-')}; omit algorithm or send ${f.replace('sha', 'sha2-')}`
    )
  return f
}

export const hmac = (material: Buffer, input: Buffer, hash: Hash): Buffer =>
  createHmac(hash, material).update(input).digest()
