import { aeskwp } from '@noble/ciphers/aes.js'
import { constants, createPrivateKey, createPublicKey, privateDecrypt } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { badRequest } from './errors'
import type { KeyPairSource } from './keygen'
import type { SandboxStore } from './store'
import { wrappingLabel } from './store'

const WRAPPING_BITS = 4096
const RSA_BLOCK = WRAPPING_BITS / 8

/** Label of the wrapping scheme, returned as `algorithm` by GET wrapping-key (INFERRED value). */
export const WRAPPING_ALGORITHM = 'RSA_OAEP_AES_KWP'

const inflight = new Map<string, Promise<void>>()

/** Records `privateKey` as the region's wrapping key; refused when the region has one or the key is not RSA-4096. */
export async function installWrappingKey(
  store: SandboxStore,
  region: string,
  privateKey: KeyObject,
  now: () => Date
): Promise<void> {
  if (store.state.wrappingKeys.some((w) => w.region === region))
    throw new Error(`region ${region} already has a wrapping key; it is never replaced`)
  const bits = privateKey.asymmetricKeyType === 'rsa' ? privateKey.asymmetricKeyDetails?.modulusLength : undefined
  if (privateKey.type !== 'private' || bits !== WRAPPING_BITS)
    throw new Error(`a wrapping key must be an RSA-${WRAPPING_BITS} private key`)
  store.state.wrappingKeys.push({
    region,
    publicKeyPem: createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString(),
    sealedPrivateKey: store.seal(wrappingLabel(region), privateKey.export({ format: 'der', type: 'pkcs8' })),
    createdAt: now().toISOString()
  })
  await store.save()
}

/** The region's RSA-4096 wrapping key, created on first use and persisted (sealed) with the state. */
export async function wrappingPublicKey(
  store: SandboxStore,
  region: string,
  now: () => Date,
  keyPairs: KeyPairSource
): Promise<string> {
  const found = store.state.wrappingKeys.find((w) => w.region === region)
  if (found) return found.publicKeyPem
  // Two concurrent first requests must not create two different wrapping keys.
  const key = `${store.statePath}:${region}`
  let p = inflight.get(key)
  if (!p) {
    p = (async () => {
      const privateKey = await keyPairs({ type: 'rsa', modulusLength: WRAPPING_BITS })
      if (!store.state.wrappingKeys.some((w) => w.region === region))
        await installWrappingKey(store, region, privateKey, now)
    })().finally(() => inflight.delete(key))
    inflight.set(key, p)
  }
  await p
  return store.state.wrappingKeys.find((w) => w.region === region)!.publicKeyPem
}

/** `sha1|sha256|sha384|sha512` in any case (also `sha2-256` style); default sha256. */
export function parseHashFunction(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'sha256'
  const m = typeof value === 'string' ? /^sha(?:2-)?(1|256|384|512)$/i.exec(value) : null
  if (!m) throw badRequest(`hashFunction must be one of sha1, sha256, sha384, sha512 (got ${JSON.stringify(value)})`)
  return `sha${m[1]}`
}

/** Open base64(RSA-OAEP(ephemeral AES-256 key) ‖ AES-KWP(target)) with the region's wrapping key. */
export function unwrapImport(store: SandboxStore, region: string, blobB64: string, hashFunction: string): Buffer {
  const record = store.state.wrappingKeys.find((w) => w.region === region)
  if (!record)
    throw badRequest(
      `no wrapping key exists yet for region ${region}: call GET /v1/kms/${region}/wrapping-key and wrap the key material with it`
    )
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(blobB64)) throw badRequest('importKeyMaterial must be standard base64')
  const blob = Buffer.from(blobB64, 'base64')
  if (blob.length <= RSA_BLOCK + 8)
    throw badRequest(
      `importKeyMaterial is too short: expected ${RSA_BLOCK} bytes of RSA-OAEP output followed by the AES-KWP wrapped key`
    )
  const priv = createPrivateKey({
    key: store.unseal(wrappingLabel(region), record.sealedPrivateKey),
    format: 'der',
    type: 'pkcs8'
  })
  let ephemeral: Buffer
  try {
    ephemeral = privateDecrypt(
      { key: priv, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hashFunction },
      blob.subarray(0, RSA_BLOCK)
    )
  } catch {
    throw badRequest(
      `importKeyMaterial could not be unwrapped: RSA-OAEP (${hashFunction}) failed. Check hashFunction and that the current wrapping key of region ${region} was used`
    )
  }
  if (ephemeral.length !== 32)
    throw badRequest(`the RSA-OAEP part must carry a 32-byte AES-256 key, got ${ephemeral.length} bytes`)
  try {
    return Buffer.from(aeskwp(ephemeral).decrypt(blob.subarray(RSA_BLOCK)))
  } catch {
    throw badRequest('importKeyMaterial could not be unwrapped: the AES-KWP (RFC 5649) part does not verify')
  }
}
