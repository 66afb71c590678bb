import { createHash, type KeyObject } from 'node:crypto'
import { p256, p384, p521 } from '@noble/curves/nist.js'
import { SIGNATURE_FORMATS, type SignatureFormat } from '@contract/schemas/files'
import { keyFamily, MAX_PAYLOAD_BYTES, supports } from '@contract/schemas/key-types'
import { FileError, fromWrapperError } from '../shared/file-errors'
import { readRegularFile } from '../files/input-file'
import { assertTargetFree, writeAtomically } from '../files/output-target'
import type { FileProgress } from '../file-format/types'
import { KMS_HASH_NAME, streamFile, type FileHash } from './hash-file'
import { encodeHeader, jwkThumbprint, jwsAlg, jwsHash, type JwsHeader } from './jws'
import type { SigningKms } from './kms-port'
import { kmsBytes, versionOf } from './kms-string'
import { verifyLocally, type SignatureScheme } from './local-verify'
import { parsePublicKey } from './public-key'
import type { SignedKey } from './signature-file'

/** `sig-json`: our detached JSON (sign.ts); `raw`: the bare signature (DER for ECDSA); `jws`: jws.ts. */
export { SIGNATURE_FORMATS, type SignatureFormat }
export const FORMAT_EXTENSION: Record<SignatureFormat, string> = { 'sig-json': '.sig.json', raw: '.sig', jws: '.jws' }

export interface StandardSignOptions {
  file: string
  kms: SigningKms
  key: Omit<SignedKey, 'keyVersion'>
  format: 'raw' | 'jws'
  hash?: FileHash
  output?: string
  overwrite?: boolean
  onProgress?: (p: FileProgress) => void
  signal?: AbortSignal
}

export interface StandardSignResult {
  output: string
  format: 'raw' | 'jws'
  hash: FileHash
  scheme: SignatureScheme
  keyVersion?: number
  /** JWS only. */
  alg?: string
  kid?: string
}

const CURVES = { 'P-256': p256, 'P-384': p384, 'P-521': p521 } as const

/** ECDSA from the KMS may be DER or r‖s: both standard outputs need one form (raw: DER, JWS: r‖s). */
function ecdsaAs(pub: KeyObject, sig: Buffer, scheme: SignatureScheme, want: 'der' | 'compact'): Buffer {
  const have = scheme === 'ecdsa-der' ? 'der' : 'compact'
  if (have === want) return sig
  const curve = CURVES[pub.export({ format: 'jwk' }).crv as keyof typeof CURVES]
  return Buffer.from(curve.Signature.fromBytes(sig, have).toBytes(want))
}

async function latestPublicKey(o: StandardSignOptions): Promise<{ key: KeyObject; version?: number }> {
  try {
    const version = await o.kms.latestVersion(o.key.region, o.key.identity, o.signal)
    const keys = await o.kms.publicKeys(o.key.region, o.key.identity, version, o.signal)
    const pem =
      (version !== undefined ? keys[String(version)] : undefined) ??
      Object.entries(keys).sort((a, b) => Number(b[0]) - Number(a[0]))[0]?.[1]
    if (!pem)
      throw new FileError('bad_response', `Key ${o.key.region}/${o.key.slug || o.key.identity} returned no public key`)
    return { key: parsePublicKey(pem), ...(version !== undefined ? { version } : {}) }
  } catch (e) {
    throw fromWrapperError(e, `Key ${o.key.region}/${o.key.slug || o.key.identity}: its public key could not be read`)
  }
}

/** Signs `prefix ‖ file` (prefix: a JWS header; '' for raw): over its digest, or whole for Ed25519. */
async function signInput(
  o: StandardSignOptions,
  prefix: string,
  hash: FileHash
): Promise<{ data: Buffer; prehashed: boolean; signature: string; keyVersion?: string }> {
  const ed = keyFamily(o.key.keyType) === 'ed25519'
  let data: Buffer
  if (ed) {
    // Ed25519 signs the message itself, and the KMS takes at most 64 KiB of input.
    const max = MAX_PAYLOAD_BYTES - Buffer.byteLength(prefix)
    const body = await readRegularFile(o.file, max).catch((e: unknown) => {
      throw e instanceof FileError && /more than the \d+ bytes/.test(e.message)
        ? new FileError(
            'bad_input',
            `${o.file} is larger than ${max} bytes: an Ed25519 ${o.format} signature covers the file itself, which the KMS takes only up to 64 KiB`,
            { hint: 'Use --format sig-json (signs the digest), or an RSA or ECDSA key.' }
          )
        : e
    })
    data = Buffer.concat([Buffer.from(prefix), body])
    o.onProgress?.({ bytesDone: body.length, bytesTotal: body.length })
  } else {
    const h = createHash(hash).update(prefix)
    await streamFile(o.file, [h], o.onProgress, o.signal)
    data = h.digest()
  }
  try {
    const r = await o.kms.sign(
      o.key.region,
      o.key.identity,
      { input: data.toString('base64'), ...(ed ? {} : { prehashed: true, hashAlgorithm: KMS_HASH_NAME[hash] }) },
      o.signal
    )
    return { data, prehashed: !ed, signature: r.signature, ...(r.keyVersion ? { keyVersion: r.keyVersion } : {}) }
  } catch (e) {
    throw fromWrapperError(e, `Key ${o.key.region}/${o.key.slug || o.key.identity} could not sign`)
  }
}

/** Checks the KMS signature against the public key before anything is written, and names its scheme. */
function checked(
  pub: KeyObject,
  hash: FileHash,
  s: { data: Buffer; prehashed: boolean; signature: string }
): { sig: Buffer; scheme: SignatureScheme } {
  const sig = kmsBytes(s.signature)
  const r = verifyLocally({ publicKey: pub, hash, prehashed: s.prehashed, data: s.data, signature: sig })
  if (!r.valid)
    throw new FileError(
      'integrity',
      "The KMS signature does not verify with the key's latest public key (was the key rotated just now?); nothing was written",
      { hint: 'Sign again.' }
    )
  return { sig, scheme: r.scheme! }
}

/** Signs a file in a standard format OpenSSL and JOSE libraries check (docs/interop.md). */
export async function signFileStandard(o: StandardSignOptions): Promise<StandardSignResult> {
  if (!supports(o.key.keyType, 'sign'))
    throw new FileError('bad_input', `A ${o.key.keyType} key cannot sign; choose an RSA, ECDSA or Ed25519 key`)
  const output = o.output ?? `${o.file}${FORMAT_EXTENSION[o.format]}`
  await assertTargetFree(output, o.overwrite)
  const pub = await latestPublicKey(o)
  const family = keyFamily(o.key.keyType)
  let bytes: Buffer
  let res: Omit<StandardSignResult, 'output'>
  if (o.format === 'raw') {
    const hash = o.hash ?? 'sha256'
    const s = await signInput(o, '', hash)
    const { sig, scheme } = checked(pub.key, hash, s)
    bytes = family === 'ecdsa' ? ecdsaAs(pub.key, sig, scheme, 'der') : sig
    res = { format: 'raw', hash, scheme: scheme === 'ecdsa-p1363' ? 'ecdsa-der' : scheme, ...version(s, pub.version) }
  } else {
    const hash = jwsHash(o.key.keyType, o.hash)
    const kid = jwkThumbprint(pub.key)
    const sign = async (padding: 'pss' | 'pkcs1v15') => {
      const header: JwsHeader = { alg: jwsAlg(o.key.keyType, hash, padding), kid, b64: false, crit: ['b64'] }
      const h64 = encodeHeader(header)
      const s = await signInput(o, `${h64}.`, hash)
      return { header, h64, s, ...checked(pub.key, hash, s) }
    }
    // The API has no field to choose RSA padding: PS* is assumed, and re-signed as RS* if the KMS used PKCS#1 v1.5.
    let r = await sign('pss')
    if (r.scheme === 'rsa-pkcs1v15') r = await sign('pkcs1v15')
    const sig = family === 'ecdsa' ? ecdsaAs(pub.key, r.sig, r.scheme, 'compact') : r.sig
    bytes = Buffer.from(`${r.h64}..${sig.toString('base64url')}\n`)
    res = { format: 'jws', hash, scheme: r.scheme, alg: r.header.alg, kid, ...version(r.s, pub.version) }
  }
  await writeAtomically(output, { mode: 0o644, exact: false, overwrite: o.overwrite }, (p) => p.handle.writeFile(bytes))
  return { output, ...res }
}

function version(s: { signature: string; keyVersion?: string }, fallback: number | undefined): { keyVersion?: number } {
  const v = s.keyVersion !== undefined ? Number(s.keyVersion) : (versionOf(s.signature) ?? fallback)
  return v !== undefined && Number.isFinite(v) ? { keyVersion: v } : {}
}
