import { createHash, type KeyObject } from 'node:crypto'
import { MAX_PAYLOAD_BYTES } from '@contract/schemas/key-types'
import { FileError, fromWrapperError } from '../shared/file-errors'
import { readRegularFile } from '../files/input-file'
import type { FileProgress } from '../file-format/types'
import type { PublicKeySource } from './fetched-key-verify'
import { streamFile, type FileHash } from './hash-file'
import { algInfo, jwkThumbprint, parseDetachedJws } from './jws'
import { SCHEME_LABEL, verifyLocally, type SignatureScheme } from './local-verify'
import { parsePublicKey } from './public-key'

/** A signature file read and recognised by its content (docs/interop.md): no flag names the format. */
export type DetectedSignature =
  | { format: 'sig-json' }
  | { format: 'raw'; signature: Buffer }
  | { format: 'jws'; headerB64: string; header: Record<string, unknown>; signature: Buffer }

/** RSA-4096 signatures are 512 bytes; a "raw signature" much larger is something else. */
const MAX_RAW = 1024

export async function detectSignature(path: string): Promise<DetectedSignature> {
  const bytes = await readRegularFile(path, 1024 * 1024)
  const text = bytes.toString('utf8')
  if (text.trimStart().startsWith('{')) {
    try {
      if ((JSON.parse(text) as { format?: unknown }).format === 'thalassa-kms-signature') return { format: 'sig-json' }
    } catch {
      // Not JSON after all: maybe raw bytes that start with "{".
    }
  }
  const jws = parseDetachedJws(text)
  if (jws) return { format: 'jws', ...jws }
  if (bytes.length === 0 || bytes.length > MAX_RAW)
    throw new FileError(
      'bad_input',
      `${path} is not a signature: neither a .sig.json file, a detached JWS (header..signature) nor raw signature bytes`
    )
  return { format: 'raw', signature: bytes }
}

/** Where the public key comes from: a file (offline) or the KMS (every version, newest first). */
export type KeySource = { publicKey: string } | { kms: PublicKeySource; region: string; id: string }

async function* candidates(src: KeySource, signal?: AbortSignal): AsyncGenerator<{ key: KeyObject; version?: number }> {
  if ('publicKey' in src) {
    yield { key: parsePublicKey(src.publicKey) }
    return
  }
  try {
    const latest = await src.kms.latestVersion(src.region, src.id, signal)
    if (latest === undefined) {
      for (const [v, pem] of Object.entries(await src.kms.publicKeys(src.region, src.id, undefined, signal)).sort(
        (a, b) => Number(b[0]) - Number(a[0])
      ))
        yield { key: parsePublicKey(pem), version: Number(v) }
      return
    }
    for (let v = latest; v >= 1; v--) {
      const keys = await src.kms.publicKeys(src.region, src.id, v, signal)
      const pem = keys[String(v)] ?? Object.values(keys)[0]
      if (pem) yield { key: parsePublicKey(pem), version: v }
    }
  } catch (e) {
    throw fromWrapperError(e, `Key ${src.region}/${src.id}: its public key could not be read to verify`)
  }
}

export interface StandardVerifyResult {
  valid: boolean
  format: 'raw' | 'jws'
  reason?: string
  detail?: string
  scheme?: SignatureScheme
  keyVersion?: number
}

/** The bytes a signature covers: `prefix ‖ file`, hashed (or whole, for Ed25519, which signs messages). */
async function covered(
  file: string,
  prefix: string,
  hash: FileHash | undefined,
  o: { onProgress?: (p: FileProgress) => void; signal?: AbortSignal }
): Promise<Buffer> {
  if (!hash) return Buffer.concat([Buffer.from(prefix), await readRegularFile(file, MAX_PAYLOAD_BYTES)])
  const h = createHash(hash).update(prefix)
  await streamFile(file, [h], o.onProgress, o.signal)
  return h.digest()
}

/** Verifies a raw or JWS signature over a file with each candidate public key. */
export async function verifyStandard(
  file: string,
  sig: Exclude<DetectedSignature, { format: 'sig-json' }>,
  src: KeySource,
  o: { hash?: FileHash; onProgress?: (p: FileProgress) => void; signal?: AbortSignal } = {}
): Promise<StandardVerifyResult> {
  const where = (v?: number) =>
    v !== undefined ? `the public key of version ${v}, fetched from the KMS` : 'the given public key'
  if (sig.format === 'raw') {
    let tried = 0
    const memo = new Map<string, Buffer>()
    for await (const c of candidates(src, o.signal)) {
      tried++
      const ed = c.key.asymmetricKeyType === 'ed25519'
      const hash = ed ? undefined : (o.hash ?? 'sha256')
      const k = hash ?? 'message'
      const data = memo.get(k) ?? (await covered(file, '', hash, o))
      memo.set(k, data)
      const r = verifyLocally({
        publicKey: c.key,
        hash: hash ?? 'sha256',
        prehashed: !ed,
        data,
        signature: sig.signature
      })
      if (r.valid)
        return {
          valid: true,
          format: 'raw',
          scheme: r.scheme!,
          detail: `raw ${SCHEME_LABEL[r.scheme!]} signature, verified with ${where(c.version)}`,
          ...(c.version !== undefined ? { keyVersion: c.version } : {})
        }
    }
    return {
      valid: false,
      format: 'raw',
      reason: `The raw signature does not match this file with ${tried > 1 ? `any of ${tried} key versions` : where()}${o.hash ? '' : ' (hash sha256; pass --hash if it was signed with another)'}`
    }
  }
  const alg = typeof sig.header['alg'] === 'string' ? sig.header['alg'] : ''
  const info = algInfo(alg)
  if (!info)
    return {
      valid: false,
      format: 'jws',
      reason: `The JWS alg "${alg}" is not one a KMS key signs with (PS*, RS*, ES*, EdDSA)`
    }
  const crit = sig.header['crit']
  if (sig.header['b64'] !== false || !Array.isArray(crit) || !crit.includes('b64'))
    return {
      valid: false,
      format: 'jws',
      reason: 'Only detached JWS with an unencoded payload (RFC 7797: "b64": false, "crit": ["b64"]) is verified here'
    }
  const data = await covered(file, `${sig.headerB64}.`, info.hash, o)
  const kid = typeof sig.header['kid'] === 'string' ? sig.header['kid'] : undefined
  let named = false
  for await (const c of candidates(src, o.signal)) {
    if (kid && 'kms' in src && jwkThumbprint(c.key) !== kid) continue
    named = true
    const r = verifyLocally({
      publicKey: c.key,
      hash: info.hash ?? 'sha256',
      prehashed: info.hash !== undefined,
      data,
      signature: sig.signature
    })
    if (!r.valid || !info.schemes.includes(r.scheme!)) continue
    if (kid && jwkThumbprint(c.key) !== kid)
      return {
        valid: false,
        format: 'jws',
        reason: 'The signature matches, but its kid is not the JWK thumbprint of this public key'
      }
    return {
      valid: true,
      format: 'jws',
      scheme: r.scheme!,
      detail: `JWS ${alg}, verified with ${where(c.version)}`,
      ...(c.version !== undefined ? { keyVersion: c.version } : {})
    }
  }
  // The kid names the signer: when no version of this key has it, the JWS comes from another key.
  if (kid && 'kms' in src && !named)
    return {
      valid: false,
      format: 'jws',
      reason: `The JWS was signed by another key: its kid ${kid} is not the JWK thumbprint of any version of ${src.id}. Choose the key that signed it.`
    }
  return {
    valid: false,
    format: 'jws',
    reason: `The JWS signature does not match this file with ${'kms' in src ? 'any version of the key' : where()}${kid ? ` (kid ${kid})` : ''}`
  }
}
