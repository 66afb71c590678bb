import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto'
import { badInput } from './errors'

/** How a material input is encoded. `auto` detects it (see `detectEncoding`). */
export const MATERIAL_FORMATS = ['auto', 'raw', 'hex', 'base64', 'pem', 'der', 'jwk'] as const
export type MaterialFormat = (typeof MATERIAL_FORMATS)[number]

const isTextByte = (b: number): boolean => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b <= 0x7e)

/**
 * Text inputs are PEM, JWK, hex or base64; anything with a non-printable byte is binary (raw
 * bytes or DER). A raw key that happens to be printable text is vanishingly rare; the user can
 * force `raw` for it.
 */
export function detectEncoding(buf: Buffer): Exclude<MaterialFormat, 'auto' | 'raw' | 'der'> | 'binary' {
  if (buf.length === 0) throw badInput('The key material input is empty.', 'Choose the file that holds the key.')
  if (!buf.every(isTextByte)) return 'binary'
  const text = buf.toString('latin1').trim()
  if (text.startsWith('-----BEGIN')) return 'pem'
  if (text.startsWith('{')) return 'jwk'
  if (/^(0x)?[0-9a-fA-F:\s]+$/.test(text)) return 'hex'
  if (/^[A-Za-z0-9+/_\-=\s]+$/.test(text)) return 'base64'
  throw badInput(
    'The key material is text but not PEM, JWK, hex or base64.',
    'Supply the key as raw bytes, hex, base64, PEM, DER or JWK.'
  )
}

/** Decode hex (optionally `0x`-prefixed, colon or whitespace separated) strictly. */
export function decodeHex(buf: Buffer): Buffer {
  const hex = buf.toString('latin1').trim().replace(/^0x/i, '').replace(/[:\s]/g, '')
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw badInput('The key material is not valid hex (odd length or a non-hex character).')
  }
  return Buffer.from(hex, 'hex')
}

/** Decode standard or URL-safe base64 strictly: garbage is refused, not silently skipped. */
export function decodeBase64(buf: Buffer): Buffer {
  const text = buf.toString('latin1').replace(/\s/g, '').replace(/-/g, '+').replace(/_/g, '/')
  const unpadded = text.replace(/=+$/, '')
  const out = Buffer.from(unpadded, 'base64')
  if (
    !/^[A-Za-z0-9+/]*$/.test(unpadded) ||
    unpadded.length % 4 === 1 ||
    out.toString('base64').replace(/=+$/, '') !== unpadded
  ) {
    out.fill(0)
    throw badInput('The key material is not valid base64.')
  }
  return out
}

/** PEM blocks, label and text, in file order (an OpenSSL EC file may start with EC PARAMETERS). */
function pemBlocks(text: string): { label: string; pem: string }[] {
  const re = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g
  return [...text.matchAll(re)].map((m) => ({ label: m[1] ?? '', pem: m[0] }))
}

/** Parse PEM into a key object (private or public); the caller checks which it got. */
export function decodePem(buf: Buffer, passphrase?: string): KeyObject {
  const blocks = pemBlocks(buf.toString('latin1'))
  const block = blocks.find((b) => b.label.includes('PRIVATE KEY')) ?? blocks[0]
  if (!block) throw badInput('The PEM input has no complete BEGIN/END block.')
  const { label, pem } = block
  if (label === 'OPENSSH PRIVATE KEY') {
    throw badInput(
      'OpenSSH private keys are not read directly.',
      'Convert it first: ssh-keygen -p -m PKCS8 -f <file> (works on a copy).'
    )
  }
  if (label === 'CERTIFICATE') {
    throw badInput('The input is a certificate, which holds only a public key; importing needs the private key.')
  }
  const encrypted = label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type: 4,ENCRYPTED/.test(pem)
  if (encrypted && passphrase === undefined) {
    throw badInput('The private key is encrypted with a passphrase.', 'Enter its passphrase.')
  }
  try {
    if (label.includes('PRIVATE KEY'))
      return createPrivateKey(passphrase === undefined ? { key: pem } : { key: pem, passphrase })
    if (label.includes('PUBLIC KEY')) return createPublicKey(pem)
  } catch {
    throw badInput(
      encrypted
        ? 'The private key could not be decrypted: wrong passphrase or corrupted file.'
        : `The PEM "${label}" block is corrupted.`
    )
  }
  throw badInput(
    `The PEM block "${label}" is not a key.`,
    'Supply a PEM "PRIVATE KEY", "RSA PRIVATE KEY" or "EC PRIVATE KEY".'
  )
}

/** Parse DER as a private key (PKCS#8, PKCS#1, SEC1) or, failing that, a public key. */
export function decodeDer(der: Buffer): KeyObject | undefined {
  for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
    try {
      return createPrivateKey({ key: der, format: 'der', type })
    } catch {
      // try the next container
    }
  }
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      return createPublicKey({ key: der, format: 'der', type })
    } catch {
      // try the next container
    }
  }
  return undefined
}

export type DecodedJwk = { kind: 'secret'; bytes: Buffer } | { kind: 'key'; key: KeyObject }

export function decodeJwk(buf: Buffer): DecodedJwk {
  let jwk: JsonWebKey
  try {
    jwk = JSON.parse(buf.toString('utf8')) as JsonWebKey
  } catch {
    throw badInput('The JWK is not valid JSON.')
  }
  if (typeof jwk !== 'object' || jwk === null || typeof jwk.kty !== 'string') {
    throw badInput(
      'The JSON input is not a JWK (no "kty").',
      'A JWK set ({"keys": [...]}) is not accepted: extract the one key.'
    )
  }
  if (jwk.kty === 'oct') {
    if (typeof jwk.k !== 'string') throw badInput('The symmetric JWK has no "k".')
    return { kind: 'secret', bytes: decodeBase64(Buffer.from(jwk.k, 'latin1')) }
  }
  try {
    return {
      kind: 'key',
      key:
        jwk.d === undefined
          ? createPublicKey({ key: jwk, format: 'jwk' })
          : createPrivateKey({ key: jwk, format: 'jwk' })
    }
  } catch {
    throw badInput(`The ${jwk.kty} JWK is invalid or uses an unsupported curve.`)
  }
}
