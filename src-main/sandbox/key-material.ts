import { createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto'
import { keyFamily, type KeyType } from '@contract/schemas/key-types'
import { badRequest } from './errors'
import { freshKeyPairs, type KeyPairSource } from './keygen'

/** Raw key length of symmetric and HMAC types (HMAC sizes follow Vault Transit's defaults). */
const RAW_KEY_BYTES: Partial<Record<KeyType, number>> = {
  'aes128-gcm96': 16,
  'aes256-gcm96': 32,
  'chacha20-poly1305': 32,
  hmac: 32,
  'hmac-sha256': 32,
  'hmac-sha512': 64
}

const RSA_BITS: Partial<Record<KeyType, number>> = { 'rsa-2048': 2048, 'rsa-3072': 3072, 'rsa-4096': 4096 }
const CURVE: Partial<Record<KeyType, string>> = { 'ecdsa-p256': 'P-256', 'ecdsa-p384': 'P-384', 'ecdsa-p521': 'P-521' }
// Node reports curves by their OpenSSL names.
const NODE_CURVE: Record<string, string> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' }

const der = { format: 'der', type: 'pkcs8' } as const

/** New key material: raw bytes for symmetric/HMAC, PKCS#8 DER for asymmetric types. */
export async function generateMaterial(t: KeyType, keyPairs: KeyPairSource = freshKeyPairs): Promise<Buffer> {
  const raw = RAW_KEY_BYTES[t]
  if (raw !== undefined) return randomBytes(raw)
  const bits = RSA_BITS[t]
  if (bits !== undefined) return (await keyPairs({ type: 'rsa', modulusLength: bits })).export(der)
  const curve = CURVE[t]
  if (curve !== undefined) return (await keyPairs({ type: 'ec', namedCurve: curve })).export(der)
  return (await keyPairs({ type: 'ed25519' })).export(der)
}

// Parsing PKCS#8 costs more than the signature itself for EC keys; material buffers are immutable.
const privCache = new WeakMap<Buffer, KeyObject>()
const pubCache = new WeakMap<Buffer, KeyObject>()

export function privateKeyOf(material: Buffer): KeyObject {
  let k = privCache.get(material)
  if (!k) {
    k = createPrivateKey({ key: material, ...der })
    privCache.set(material, k)
  }
  return k
}

export function publicKeyOf(material: Buffer): KeyObject {
  let k = pubCache.get(material)
  if (!k) {
    k = createPublicKey(privateKeyOf(material))
    pubCache.set(material, k)
  }
  return k
}

/** RSA/ECDSA: PEM SubjectPublicKeyInfo. Ed25519: base64 of the raw 32-byte public key. */
export function exportPublicKey(t: KeyType, material: Buffer): string {
  const pub = publicKeyOf(material)
  if (keyFamily(t) === 'ed25519') return pub.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64')
  return pub.export({ format: 'pem', type: 'spki' }).toString()
}

/** Check imported material really is a key of the declared type; the message says what was found. */
export function checkImportedMaterial(t: KeyType, material: Buffer): void {
  const raw = RAW_KEY_BYTES[t]
  if (raw !== undefined) {
    if (material.length !== raw)
      throw badRequest(`imported key material for ${t} must be ${raw} raw bytes, got ${material.length}`)
    return
  }
  let key: KeyObject
  try {
    key = createPrivateKey({ key: material, ...der })
  } catch {
    throw badRequest(`imported key material for ${t} must be a PKCS#8 DER private key`)
  }
  const d = key.asymmetricKeyDetails ?? {}
  const family = keyFamily(t)
  const ok =
    (family === 'rsa' && key.asymmetricKeyType === 'rsa' && d.modulusLength === RSA_BITS[t]) ||
    (family === 'ecdsa' && key.asymmetricKeyType === 'ec' && d.namedCurve === NODE_CURVE[CURVE[t] ?? '']) ||
    (family === 'ed25519' && key.asymmetricKeyType === 'ed25519')
  if (!ok) {
    const found = `${key.asymmetricKeyType ?? 'unknown'}${d.modulusLength ? `-${d.modulusLength}` : ''}${d.namedCurve ? ` ${d.namedCurve}` : ''}`
    throw badRequest(`imported key material is a ${found} key, which does not match keyType ${t}`)
  }
}
