import {
  constants,
  createCipheriv,
  createDecipheriv,
  generateKeyPairSync,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  type KeyObject
} from 'node:crypto'
import type { AppErrorCode } from '@contract/errors'
import type { DataKeyWrapper, RecipientRef } from '../../../../src-main/services/files'

export class FakeKmsError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string
  ) {
    super(message)
  }
}

type RsaPair = { pub: KeyObject; priv: KeyObject }
type FakeKey = { kind: 'aes'; versions: Buffer[] } | { kind: 'rsa'; versions: RsaPair[] }

/**
 * A local stand-in for the KMS encrypt/decrypt endpoints, producing `thalassa:v<N>:<base64>` strings
 * as the shared wire decisions say (AES-256-GCM nonce‖ct‖tag, or RSA-OAEP-SHA-256). It can be told
 * to refuse a key with an AppError code, and counts calls.
 */
export class FakeKms implements DataKeyWrapper {
  private readonly keys = new Map<string, FakeKey>()
  private readonly refused = new Map<string, AppErrorCode>()
  wraps = 0
  unwraps = 0

  static id(r: RecipientRef): string {
    return `${r.region}/${r.identity}`
  }

  addKey(r: RecipientRef, kind: 'aes' | 'rsa' = 'aes'): RecipientRef {
    this.keys.set(
      FakeKms.id(r),
      kind === 'aes' ? { kind, versions: [randomBytes(32)] } : { kind, versions: [rsaPair()] }
    )
    return r
  }

  rotate(r: RecipientRef): void {
    const k = this.get(r)
    if (k.kind === 'aes') k.versions.push(randomBytes(32))
    else k.versions.push(rsaPair())
  }

  refuse(r: RecipientRef, code: AppErrorCode | undefined): void {
    if (code) this.refused.set(FakeKms.id(r), code)
    else this.refused.delete(FakeKms.id(r))
  }

  async wrap(r: RecipientRef, dataKey: Uint8Array): Promise<string> {
    this.wraps++
    const k = this.get(r)
    const v = k.versions.length
    if (k.kind === 'aes') {
      const nonce = randomBytes(12)
      const c = createCipheriv('aes-256-gcm', k.versions[v - 1] as Buffer, nonce)
      const body = Buffer.concat([nonce, c.update(dataKey), c.final(), c.getAuthTag()])
      return `thalassa:v${v}:${body.toString('base64')}`
    }
    const pair = k.versions[v - 1] as RsaPair
    const body = publicEncrypt(
      { key: pair.pub, oaepHash: 'sha256', padding: constants.RSA_PKCS1_OAEP_PADDING },
      dataKey
    )
    return `thalassa:v${v}:${body.toString('base64')}`
  }

  async unwrap(r: RecipientRef, ciphertext: string): Promise<Uint8Array> {
    this.unwraps++
    const k = this.get(r)
    const m = /^thalassa:v(\d+):([A-Za-z0-9+/]+={0,2})$/.exec(ciphertext)
    const v = m ? Number(m[1]) : 0
    if (!m || v < 1 || v > k.versions.length) throw new FakeKmsError('validation', 'invalid ciphertext')
    const body = Buffer.from(m[2] as string, 'base64')
    try {
      if (k.kind === 'aes') {
        const d = createDecipheriv('aes-256-gcm', k.versions[v - 1] as Buffer, body.subarray(0, 12))
        d.setAuthTag(body.subarray(body.length - 16))
        return Buffer.concat([d.update(body.subarray(12, body.length - 16)), d.final()])
      }
      const pair = k.versions[v - 1] as RsaPair
      return privateDecrypt({ key: pair.priv, oaepHash: 'sha256', padding: constants.RSA_PKCS1_OAEP_PADDING }, body)
    } catch {
      throw new FakeKmsError('validation', 'ciphertext could not be decrypted')
    }
  }

  private get(r: RecipientRef): FakeKey {
    const refusal = this.refused.get(FakeKms.id(r))
    if (refusal) throw new FakeKmsError(refusal, refusal === 'key_not_usable' ? 'key is disabled' : 'key not found')
    const k = this.keys.get(FakeKms.id(r))
    if (!k) throw new FakeKmsError('not_found_or_no_access', 'key not found')
    return k
  }
}

const rsaCache: RsaPair[] = []
let rsaNext = 0
/** RSA keygen is slow: generate at most three pairs per test process and hand them out in turn. */
function rsaPair(): RsaPair {
  if (rsaCache.length < 3) {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    rsaCache.push({ pub: publicKey, priv: privateKey })
  }
  return rsaCache[rsaNext++ % rsaCache.length] as RsaPair
}
