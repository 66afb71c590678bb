/**
 * A fake KMS for the BYOK flows that really unwraps, on a code path independent of the product:
 * node:crypto privateDecrypt (RSA-OAEP) and OpenSSL's id-aes256-wrap-pad (plain Node has it,
 * Electron does not, which is why the product uses @noble/ciphers instead).
 */
import {
  constants,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  privateDecrypt,
  type KeyObject
} from 'node:crypto'
import { promisify } from 'node:util'
import type { CreateKeyRequest, KmsKey } from '@contract/schemas/kms'
import type { ByokKms } from '../../../../../src-main/services/byok'

const genPair = promisify(generateKeyPair)

export async function rsaPair(bits: number): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  return genPair('rsa', { modulusLength: bits })
}

/** RSA-OAEP(hash) then AES-KWP with node:crypto only. */
export function independentUnwrap(privateKey: KeyObject, blobB64: string, hash: string): Buffer {
  const blob = Buffer.from(blobB64, 'base64')
  const k = (privateKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8
  const ephemeral = privateDecrypt(
    { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash },
    blob.subarray(0, k)
  )
  const d = createDecipheriv('id-aes256-wrap-pad', ephemeral, Buffer.from('A65959A6', 'hex'))
  return Buffer.concat([d.update(blob.subarray(k)), d.final()])
}

const SYM: Record<string, number> = { 'aes128-gcm96': 16, 'aes256-gcm96': 32, 'chacha20-poly1305': 32 }
const CURVE: Record<string, string> = {
  'ecdsa-p256': 'prime256v1',
  'ecdsa-p384': 'secp384r1',
  'ecdsa-p521': 'secp521r1'
}

class KmsRefusal extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

/** What the fake did with each create call; `material` is the unwrapped bytes. */
export interface CreatedKey {
  req: CreateKeyRequest
  key: KmsKey
  material: Buffer
  publicKey?: string
}

export class FakeByokKms implements ByokKms {
  createCalls = 0
  readonly created: CreatedKey[] = []
  /** Test hook: make the KMS report another public key than the imported one. */
  publicKeyOverride?: string
  /** Test hook: alter the key object the KMS answers a create with. */
  alterCreated?: (key: KmsKey) => KmsKey

  constructor(private readonly wrapping: Map<string, KeyObject>) {}

  rotateWrappingKey(region: string, privateKey: KeyObject): void {
    this.wrapping.set(region, privateKey)
  }

  async getWrappingKey(region: string): Promise<{ publicKey: string; algorithm?: string }> {
    const priv = this.regionKey(region)
    return { publicKey: createPublicKey(priv).export({ format: 'pem', type: 'spki' }).toString() }
  }

  async createKey(region: string, req: CreateKeyRequest): Promise<KmsKey> {
    this.createCalls++
    const priv = this.regionKey(region)
    if (req.importKeyMaterial === undefined) throw new KmsRefusal(400, 'importKeyMaterial missing')
    const hash = (req.hashFunction ?? 'sha256').toLowerCase()
    let material: Buffer
    try {
      material = independentUnwrap(priv, req.importKeyMaterial, hash)
    } catch {
      throw new KmsRefusal(400, 'could not unwrap importKeyMaterial')
    }
    const publicKey = checkMaterial(req.keyType, material)
    const n = this.created.length + 1
    const now = new Date().toISOString()
    const key: KmsKey = {
      identity: `kms-fake${n}`,
      name: req.name,
      slug: req.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      keyType: req.keyType,
      status: 'active',
      exportAllowed: false,
      imported: true,
      keyRotationEnabled: false,
      latestVersion: 1,
      createdAt: now,
      updatedAt: now
    }
    if (req.description !== undefined) key.description = req.description
    if (req.labels !== undefined) key.labels = req.labels
    this.created.push(publicKey === undefined ? { req, key, material } : { req, key, material, publicKey })
    return this.alterCreated ? this.alterCreated(key) : key
  }

  async getPublicKey(region: string, id: string, version?: number): Promise<{ keys: Record<string, string> }> {
    this.regionKey(region)
    const c = this.created.find((k) => k.key.identity === id)
    if (!c?.publicKey) throw new KmsRefusal(400, 'no public key for this key')
    return { keys: { [String(version ?? 1)]: this.publicKeyOverride ?? c.publicKey } }
  }

  private regionKey(region: string): KeyObject {
    const k = this.wrapping.get(region)
    if (!k) throw new KmsRefusal(404, `region ${region} not found`)
    return k
  }
}

/** Check unwrapped material like the service would; return the public key in the API's format. */
function checkMaterial(keyType: string, material: Buffer): string | undefined {
  const len = SYM[keyType]
  if (len !== undefined) {
    if (material.length !== len) throw new KmsRefusal(400, `bad key length for ${keyType}`)
    return undefined
  }
  let key: KeyObject
  try {
    key = createPrivateKey({ key: material, format: 'der', type: 'pkcs8' })
  } catch {
    throw new KmsRefusal(400, 'material is not PKCS#8')
  }
  const d = key.asymmetricKeyDetails
  const ok =
    (keyType.startsWith('rsa-') && key.asymmetricKeyType === 'rsa' && d?.modulusLength === Number(keyType.slice(4))) ||
    (keyType in CURVE && key.asymmetricKeyType === 'ec' && d?.namedCurve === CURVE[keyType]) ||
    (keyType === 'ed25519' && key.asymmetricKeyType === 'ed25519')
  if (!ok) throw new KmsRefusal(400, `material does not match ${keyType}`)
  const pub = createPublicKey(key)
  if (keyType === 'ed25519') {
    const x = pub.export({ format: 'jwk' }).x ?? ''
    return Buffer.from(x, 'base64url').toString('base64')
  }
  return pub.export({ format: 'pem', type: 'spki' }).toString()
}
