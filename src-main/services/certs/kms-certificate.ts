import { createHash, randomBytes, webcrypto, type KeyObject } from 'node:crypto'
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { p256, p384, p521 } from '@noble/curves/nist.js'
import { keyFamily, MAX_PAYLOAD_BYTES, supports, type KeyType } from '@contract/schemas/key-types'
import { FileError, fromWrapperError } from '../shared/file-errors'
import type { SigningKms } from '../signing/kms-port'
import { kmsBytes } from '../signing/kms-string'
import { verifyLocally, type SignatureScheme } from '../signing/local-verify'
import { parsePublicKey } from '../signing/public-key'
import { keyUsageFlags, parseSans, parseSubject, validity, type CertificateRequest } from './cert-request'

/**
 * PKCS#10 CSRs and self-signed X.509 certificates for an asymmetric KMS key. @peculiar/x509 builds
 * and encodes the structures; its WebCrypto `sign` is answered by the KMS over the prehashed TBS
 * (Ed25519: over the TBS itself), and every result is checked with real WebCrypto before it is returned.
 */
interface CertKey {
  region: string
  identity: string
  slug: string
  keyType: KeyType
}
export interface CertDeps {
  kms: SigningKms
  key: CertKey
  signal?: AbortSignal
}

type Padding = 'pss' | 'pkcs1v15'
/** The WebCrypto and key types as @peculiar/x509 declares them. */
type Crypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.create>[1]>
type CryptoKey = NonNullable<Parameters<typeof x509.Pkcs10CertificateRequestGenerator.create>[0]['keys']['privateKey']>
type BufferSource = webcrypto.BufferSource
const nodeCrypto = webcrypto as unknown as Crypto
const algName = (a: unknown): string => String((a as { name?: unknown }).name ?? 'unknown')
const CURVE_HASH: Record<string, string> = { 'P-256': 'SHA-256', 'P-384': 'SHA-384', 'P-521': 'SHA-512' }
const CURVES = { 'P-256': p256, 'P-384': p384, 'P-521': p521 } as const
const NODE_HASH: Record<string, 'sha256' | 'sha384' | 'sha512'> = {
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512'
}
const KMS_HASH: Record<string, string> = { 'SHA-256': 'sha2-256', 'SHA-384': 'sha2-384', 'SHA-512': 'sha2-512' }

type Alg = { name: string; hash?: string; saltLength?: number; namedCurve?: string }

function algorithm(pub: KeyObject, padding: Padding): Alg {
  const t = pub.asymmetricKeyType
  if (t === 'ed25519') return { name: 'Ed25519' }
  if (t === 'ec') {
    const crv = String(pub.export({ format: 'jwk' }).crv)
    return { name: 'ECDSA', namedCurve: crv, hash: CURVE_HASH[crv] ?? 'SHA-256' }
  }
  return padding === 'pss'
    ? { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 }
    : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
}

/** A WebCrypto whose `sign` goes to the KMS (and `exportKey` gives the KMS public key); the rest is Node's. */
function kmsCrypto(d: CertDeps, pub: KeyObject, seen: { scheme?: SignatureScheme }): Crypto {
  const spki = pub.export({ format: 'der', type: 'spki' })
  const sign = async (alg: Alg, _key: unknown, data: BufferSource): Promise<ArrayBuffer> => {
    const tbs = Buffer.from(
      ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data)
    )
    const ed = alg.name === 'Ed25519'
    if (ed && tbs.length > MAX_PAYLOAD_BYTES)
      throw new FileError('bad_input', 'The certificate is too large for an Ed25519 KMS signature (64 KiB)', {
        hint: 'Use fewer subject alternative names.'
      })
    const hash = NODE_HASH[alg.hash ?? 'SHA-256'] ?? 'sha256'
    const input = ed ? tbs : createHash(hash).update(tbs).digest()
    let r: { signature: string }
    try {
      r = await d.kms.sign(
        d.key.region,
        d.key.identity,
        {
          input: input.toString('base64'),
          ...(ed ? {} : { prehashed: true, hashAlgorithm: KMS_HASH[alg.hash ?? 'SHA-256'] })
        },
        d.signal
      )
    } catch (e) {
      throw fromWrapperError(e, `Key ${d.key.region}/${d.key.slug || d.key.identity} could not sign`)
    }
    const sig = kmsBytes(r.signature)
    const v = verifyLocally({ publicKey: pub, hash, prehashed: !ed, data: input, signature: sig })
    if (!v.valid)
      throw new FileError(
        'integrity',
        "The KMS signature does not verify with the key's latest public key (was the key rotated just now?); nothing was written",
        { hint: 'Try again.' }
      )
    seen.scheme = v.scheme!
    // WebCrypto's ECDSA signatures are r‖s; the library turns them into DER for X.509.
    if (v.scheme === 'ecdsa-der')
      return new Uint8Array(
        CURVES[alg.namedCurve as keyof typeof CURVES].Signature.fromBytes(sig, 'der').toBytes('compact')
      ).buffer
    return new Uint8Array(sig).buffer
  }
  const exportKey = async () => new Uint8Array(spki).buffer
  const subtle = new Proxy(webcrypto.subtle, {
    get: (target, prop) =>
      prop === 'sign'
        ? sign
        : prop === 'exportKey'
          ? exportKey
          : (Reflect.get(target, prop) as unknown as (...a: unknown[]) => unknown).bind(target)
  })
  return {
    subtle,
    getRandomValues: (a: Uint8Array) => webcrypto.getRandomValues(a),
    randomUUID: () => webcrypto.randomUUID()
  } as unknown as Crypto
}

async function latestPublicKey(d: CertDeps): Promise<KeyObject> {
  if (!supports(d.key.keyType, 'sign'))
    throw new FileError('bad_input', `A ${d.key.keyType} key cannot sign, so it cannot have a certificate`, {
      hint: 'Choose an RSA, ECDSA or Ed25519 key.'
    })
  try {
    const v = await d.kms.latestVersion(d.key.region, d.key.identity, d.signal)
    const keys = await d.kms.publicKeys(d.key.region, d.key.identity, v, d.signal)
    const pem = (v !== undefined ? keys[String(v)] : undefined) ?? Object.values(keys).at(-1)
    if (!pem) throw new FileError('bad_response', 'The KMS returned no public key')
    return parsePublicKey(pem)
  } catch (e) {
    throw fromWrapperError(e, `Key ${d.key.region}/${d.key.slug || d.key.identity}: its public key could not be read`)
  }
}

/** Signs with PSS first for RSA (the API cannot choose); if the KMS used PKCS#1 v1.5, the algorithm identifier is corrected and signed again. */
async function withKms<T>(
  d: CertDeps,
  build: (crypto: Crypto, key: CryptoKey, pub: KeyObject, alg: Alg) => Promise<T>
): Promise<T> {
  const pub = await latestPublicKey(d)
  const attempt = async (padding: Padding) => {
    const seen: { scheme?: SignatureScheme } = {}
    const alg = algorithm(pub, padding)
    const key = { algorithm: alg, type: 'private', extractable: false, usages: ['sign'] } as unknown as CryptoKey
    return { result: await build(kmsCrypto(d, pub, seen), key, pub, alg), seen }
  }
  let r = await attempt('pss')
  if (keyFamily(d.key.keyType) === 'rsa' && r.seen.scheme === 'rsa-pkcs1v15') r = await attempt('pkcs1v15')
  return r.result
}

function extensions(req: CertificateRequest, ca: boolean): x509.Extension[] {
  const out: x509.Extension[] = []
  if (ca) out.push(new x509.BasicConstraintsExtension(true, undefined, true))
  if (req.keyUsage?.length) out.push(new x509.KeyUsagesExtension(keyUsageFlags(req.keyUsage), true))
  if (req.sans?.length) out.push(new x509.SubjectAlternativeNameExtension(parseSans(req.sans)))
  return out
}

/** A PKCS#10 certificate signing request (PEM) for the key, signed by the KMS. */
export async function createCsr(
  d: CertDeps,
  req: CertificateRequest
): Promise<{ pem: string; signatureAlgorithm: string }> {
  const name = parseSubject(req.subject)
  const exts = extensions(req, false)
  const csr = await withKms(d, (crypto, privateKey, _pub, alg) =>
    x509.Pkcs10CertificateRequestGenerator.create(
      { name, keys: { privateKey, publicKey: privateKey }, signingAlgorithm: alg, extensions: exts },
      crypto
    )
  )
  if (!(await csr.verify(nodeCrypto)))
    throw new FileError('integrity', 'The CSR signature does not verify; nothing was written')
  return { pem: `${csr.toString('pem')}\n`, signatureAlgorithm: algName(csr.signatureAlgorithm) }
}

/** A self-signed X.509 v3 certificate (PEM) for the key, valid from now for `days`. */
export async function createSelfSigned(
  d: CertDeps,
  req: CertificateRequest & { days: number; ca?: boolean }
): Promise<{ pem: string; serialNumber: string; notAfter: string; signatureAlgorithm: string }> {
  const name = parseSubject(req.subject)
  const { notBefore, notAfter } = validity(req.days)
  const exts = extensions(req, req.ca === true)
  const serial = randomBytes(16)
  serial[0] = (serial[0]! & 0x7f) | 0x01 // positive, and 16 bytes long
  const cert = await withKms(d, async (crypto, signingKey, pub, alg) => {
    const publicKey = new x509.PublicKey(pub.export({ format: 'der', type: 'spki' }))
    const ski = await x509.SubjectKeyIdentifierExtension.create(publicKey, false, crypto)
    return x509.X509CertificateGenerator.create(
      {
        serialNumber: serial.toString('hex'),
        subject: name,
        issuer: name,
        notBefore,
        notAfter,
        publicKey,
        signingKey,
        signingAlgorithm: alg,
        extensions: [...exts, ski]
      },
      crypto
    )
  })
  if (!(await cert.verify({ signatureOnly: true }, nodeCrypto)))
    throw new FileError('integrity', 'The certificate signature does not verify; nothing was written')
  return {
    pem: `${cert.toString('pem')}\n`,
    serialNumber: cert.serialNumber,
    notAfter: cert.notAfter.toISOString(),
    signatureAlgorithm: algName(cert.signatureAlgorithm)
  }
}
