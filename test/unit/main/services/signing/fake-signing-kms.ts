import { execFileSync } from 'node:child_process'
import {
  constants,
  createHmac,
  generateKeyPairSync,
  sign,
  timingSafeEqual,
  randomBytes,
  type KeyObject
} from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KeyType } from '@contract/schemas/key-types'
import type { SigningKms } from '../../../../../src-main/services/signing'
import { FakeKmsError } from '../fake-file-kms'

type Pair = { priv: KeyObject; pub: KeyObject }
/** How a server may sign RSA (the API does not say): PSS with salt = digest or maximal salt, or PKCS#1 v1.5. */
export type RsaScheme = 'pss' | 'pss-max-salt' | 'pkcs1v15'
type Key = { type: KeyType; pairs: Pair[]; secrets: Buffer[]; rsa: RsaScheme }
const HASH_LEN: Record<string, number> = { sha256: 32, sha384: 48, sha512: 64 }

function hashName(s: string | undefined): string {
  const v = (s ?? 'sha2-256').toLowerCase().replace(/^sha2-/, 'sha')
  if (!(v in HASH_LEN)) throw new FakeKmsError('validation', `unsupported hash ${s}`)
  return v
}

/**
 * Stand-in for KMS sign/hmac/public-key, as a server may behave (RSA-PSS with either salt length
 * or PKCS#1 v1.5 as the key's server-side choice, ECDSA DER, pure Ed25519, `prehashed` = input is
 * the digest, signatures with or without a `thalassa:v<N>:` prefix). Prehashed RSA/ECDSA signing
 * goes through `openssl pkeyutl`, since Node cannot sign a ready digest.
 */
export class FakeSigningKms implements SigningKms {
  private readonly keys = new Map<string, Key>()
  private readonly dir = mkdtempSync(join(tmpdir(), 'tkms-fake-sign-'))
  disabled = new Set<string>()
  /** false: signatures and HMACs come back as bare base64, with no version prefix. */
  prefixed = true
  /** The `version` of every public-key read, in order. */
  publicKeyReads: (number | undefined)[] = []

  addKey(id: string, type: KeyType, rsa: RsaScheme = 'pss'): void {
    const k: Key = { type, pairs: [], secrets: [], rsa }
    this.keys.set(id, k)
    this.rotate(id)
  }

  rotate(id: string): void {
    const k = this.get(id)
    if (k.type.startsWith('hmac')) k.secrets.push(randomBytes(k.type === 'hmac-sha512' ? 64 : 32))
    else k.pairs.push(makePair(k.type))
  }

  publicKey(id: string, version?: number): string {
    const k = this.get(id)
    const p = k.pairs[(version ?? k.pairs.length) - 1] as Pair
    if (k.type === 'ed25519')
      return (p.pub.export({ format: 'der', type: 'spki' }) as Buffer).subarray(12).toString('base64')
    return p.pub.export({ format: 'pem', type: 'spki' }) as string
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }

  async sign(
    _region: string,
    id: string,
    req: { input: string; prehashed?: boolean; hashAlgorithm?: string }
  ): Promise<{ signature: string; keyVersion?: string }> {
    const k = this.get(id)
    const v = k.pairs.length
    const pair = k.pairs[v - 1] as Pair
    const input = Buffer.from(req.input, 'base64')
    let sig: Buffer
    if (k.type === 'ed25519') {
      if (req.prehashed) throw new FakeKmsError('validation', 'prehashed is not supported for ed25519')
      sig = sign(null, input, pair.priv)
    } else {
      const h = hashName(req.hashAlgorithm)
      if (req.prehashed) {
        if (input.length !== HASH_LEN[h])
          throw new FakeKmsError('validation', 'prehashed input length does not match the hash')
        sig = this.pkeyutl(pair.priv, ['-sign', ...this.opts(k.type, h, k.rsa)], input)
      } else {
        sig = sign(
          h,
          input,
          k.type.startsWith('rsa') ? { key: pair.priv, ...rsaOpts(k.rsa) } : { key: pair.priv, dsaEncoding: 'der' }
        )
      }
    }
    return {
      signature: this.prefixed ? `thalassa:v${v}:${sig.toString('base64')}` : sig.toString('base64'),
      ...(this.prefixed ? { keyVersion: String(v) } : {})
    }
  }

  async publicKeys(_region: string, id: string, version: number | undefined): Promise<Record<string, string>> {
    this.publicKeyReads.push(version)
    const k = this.get(id, true)
    const versions = version === undefined ? k.pairs.map((_, i) => i + 1) : [version]
    return Object.fromEntries(
      versions.filter((v) => v <= k.pairs.length).map((v) => [String(v), this.publicKey(id, v)])
    )
  }

  async latestVersion(_region: string, id: string): Promise<number | undefined> {
    return this.get(id, true).pairs.length
  }

  async hmac(
    _region: string,
    id: string,
    req: { input: string; algorithm?: string }
  ): Promise<{ hmac: string; keyVersion?: string }> {
    const k = this.get(id)
    const v = k.secrets.length
    const mac = createHmac(this.hmacHash(k, req.algorithm), k.secrets[v - 1] as Buffer)
      .update(Buffer.from(req.input, 'base64'))
      .digest()
    return {
      hmac: this.prefixed ? `thalassa:v${v}:${mac.toString('base64')}` : mac.toString('base64'),
      keyVersion: String(v)
    }
  }

  async verifyHmac(
    _region: string,
    id: string,
    req: { input: string; hmac: string; hashAlgorithm?: string }
  ): Promise<{ valid: boolean }> {
    const k = this.get(id)
    // An HMAC without a version prefix is checked with the latest version.
    const m = /^thalassa:v(\d+):(.+)$/.exec(req.hmac)
    const secret = k.secrets[Number(m?.[1] ?? k.secrets.length) - 1]
    if (!secret) throw new FakeKmsError('validation', 'invalid hmac string')
    const want = createHmac(this.hmacHash(k, req.hashAlgorithm), secret)
      .update(Buffer.from(req.input, 'base64'))
      .digest()
    const got = Buffer.from(m ? (m[2] as string) : req.hmac, 'base64')
    return { valid: got.length === want.length && timingSafeEqual(got, want) }
  }

  private hmacHash(k: Key, alg: string | undefined): string {
    if (k.type === 'hmac-sha256') return 'sha256'
    if (k.type === 'hmac-sha512') return 'sha512'
    if (k.type === 'hmac') return hashName(alg)
    throw new FakeKmsError('wrong_operation', 'not an HMAC key')
  }

  private opts(type: KeyType, h: string, alg: RsaScheme): string[] {
    const o = ['-pkeyopt', `digest:${h}`]
    if (type.startsWith('rsa')) {
      if (alg === 'pkcs1v15') o.push('-pkeyopt', 'rsa_padding_mode:pkcs1')
      else o.push('-pkeyopt', 'rsa_padding_mode:pss', '-pkeyopt', `rsa_pss_saltlen:${alg === 'pss' ? 'digest' : 'max'}`)
    }
    return o
  }

  private pkeyutl(key: KeyObject, args: string[], input: Buffer, pub = false): Buffer {
    const keyPath = join(this.dir, `k-${randomBytes(6).toString('hex')}.pem`)
    writeFileSync(keyPath, key.export({ format: 'pem', type: pub ? 'spki' : 'pkcs8' }) as string, { mode: 0o600 })
    try {
      return execFileSync('openssl', ['pkeyutl', ...(pub ? ['-pubin'] : []), '-inkey', keyPath, ...args], {
        input,
        stdio: ['pipe', 'pipe', 'pipe']
      })
    } finally {
      rmSync(keyPath, { force: true })
    }
  }

  /** `read`: reading the public key works on a disabled key too. */
  private get(id: string, read = false): Key {
    if (this.disabled.has(id) && !read) throw new FakeKmsError('key_not_usable', 'key is disabled')
    const k = this.keys.get(id)
    if (!k) throw new FakeKmsError('not_found_or_no_access', 'key not found')
    return k
  }
}

function rsaOpts(alg: RsaScheme): { padding: number; saltLength?: number } {
  if (alg === 'pkcs1v15') return { padding: constants.RSA_PKCS1_PADDING }
  return {
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: alg === 'pss' ? constants.RSA_PSS_SALTLEN_DIGEST : constants.RSA_PSS_SALTLEN_MAX_SIGN
  }
}

function makePair(type: KeyType): Pair {
  const g = type.startsWith('rsa')
    ? generateKeyPairSync('rsa', { modulusLength: Number(type.slice(4)) })
    : type === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('ec', {
          namedCurve: { 'ecdsa-p256': 'P-256', 'ecdsa-p384': 'P-384', 'ecdsa-p521': 'P-521' }[type as string] ?? 'P-256'
        })
  return { priv: g.privateKey, pub: g.publicKey }
}
