import { createHash } from 'node:crypto'
import { FileError, notThisFormat } from '../shared/file-errors'
import type { WrappedRecipient } from './types'

/** PNG-style magic: a non-ASCII byte, "TKMS", CR LF and ^Z catch text-mode mangling early. */
export const MAGIC = Buffer.from([0x89, 0x54, 0x4b, 0x4d, 0x53, 0x0d, 0x0a, 0x1a])
export const FORMAT_VERSION = 1
const SUITE_AES256GCM_HKDF_SHA256 = 1
export const PREFIX_BYTES = 14 // magic 8, version 1, suite 1, fields length 4
export const MAC_BYTES = 32
export const SALT_BYTES = 32
const MAX_FIELDS_BYTES = 1 << 20
export const MIN_CHUNK_SIZE = 16
export const MAX_CHUNK_SIZE = 16 << 20
export const DEFAULT_CHUNK_SIZE = 1 << 20
const MAX_RECIPIENTS = 64
export const MAX_NAME_BYTES = 1024
const FLAG_SIZE = 1
const FLAG_NAME = 2

export interface HeaderFields {
  chunkSize: number
  plaintextSize?: number
  salt: Buffer
  recipients: WrappedRecipient[]
  sealedName?: Buffer
}

export interface ParsedHeader {
  fields: HeaderFields
  /** prefix ‖ fields: the bytes the header MAC covers. */
  authenticated: Buffer
  mac: Buffer
  /** SHA-256 of the whole header (prefix ‖ fields ‖ MAC): the AAD of every chunk. */
  hash: Buffer
  length: number
}

function str(b: Buffer[], s: string, lenBytes: 1 | 2, min: number, max: number, what: string): void {
  const v = Buffer.from(s, 'utf8')
  if (v.length < min || v.length > max)
    throw new FileError('bad_input', `${what} must be ${min}..${max} bytes, got ${v.length}`)
  const l = Buffer.alloc(lenBytes)
  l.writeUIntBE(v.length, 0, lenBytes)
  b.push(l, v)
}

/*
 * The files of one batch share one wrapped data key, hence the very same recipients list (the same
 * array): its encoding is made once per batch key rather than once per file.
 */
const encodedRecipients = new WeakMap<readonly WrappedRecipient[], Buffer>()

function recipientsField(rs: readonly WrappedRecipient[]): Buffer {
  let b = encodedRecipients.get(rs)
  if (!b) {
    const parts: Buffer[] = [Buffer.from([rs.length])]
    for (const r of rs) {
      str(parts, r.region, 1, 1, 64, 'Key region')
      str(parts, r.identity, 1, 1, 128, 'Key identity')
      str(parts, r.slug, 1, 0, 255, 'Key slug')
      str(parts, r.ciphertext, 2, 1, 16384, 'KMS ciphertext')
    }
    b = Buffer.concat(parts)
    // Only a frozen list cannot change after it was encoded; others are encoded every time.
    if (Object.isFrozen(rs) && rs.every((r) => Object.isFrozen(r))) encodedRecipients.set(rs, b)
  }
  return b
}

/** Serialises the prefix and fields (everything the MAC covers). */
export function encodeAuthenticated(f: HeaderFields): Buffer {
  if (f.recipients.length < 1 || f.recipients.length > MAX_RECIPIENTS) {
    throw new FileError('bad_input', `A file needs 1..${MAX_RECIPIENTS} recipient keys, got ${f.recipients.length}`)
  }
  const parts: Buffer[] = []
  const fixed = Buffer.alloc(5)
  fixed.writeUInt32BE(f.chunkSize, 0)
  fixed[4] = (f.plaintextSize === undefined ? 0 : FLAG_SIZE) | (f.sealedName === undefined ? 0 : FLAG_NAME)
  parts.push(fixed)
  if (f.plaintextSize !== undefined) {
    const s = Buffer.alloc(8)
    s.writeBigUInt64BE(BigInt(f.plaintextSize))
    parts.push(s)
  }
  parts.push(f.salt, recipientsField(f.recipients))
  if (f.sealedName !== undefined) {
    const l = Buffer.alloc(2)
    l.writeUInt16BE(f.sealedName.length)
    parts.push(l, f.sealedName)
  }
  const fields = Buffer.concat(parts)
  const prefix = Buffer.alloc(PREFIX_BYTES)
  MAGIC.copy(prefix)
  prefix[8] = FORMAT_VERSION
  prefix[9] = SUITE_AES256GCM_HKDF_SHA256
  prefix.writeUInt32BE(fields.length, 10)
  return Buffer.concat([prefix, fields])
}

export function headerHash(authenticated: Uint8Array, mac: Uint8Array): Buffer {
  return createHash('sha256').update(authenticated).update(mac).digest()
}

/** Validates the 14-byte prefix and returns the total header length. */
export function headerLengthFromPrefix(prefix: Buffer, path: string): number {
  if (prefix.length < PREFIX_BYTES || !prefix.subarray(0, 8).equals(MAGIC)) {
    throw notThisFormat(path)
  }
  if (prefix[8] !== FORMAT_VERSION) {
    throw new FileError(
      'bad_input',
      `${path} uses file format version ${prefix[8]}, which this app does not read (it reads version ${FORMAT_VERSION})`,
      {
        hint: 'Update the app to a version that supports this file.'
      }
    )
  }
  if (prefix[9] !== SUITE_AES256GCM_HKDF_SHA256) {
    // Like an unknown version, an unknown suite is a file this app cannot read (docs/file-format.md §4.2).
    throw new FileError(
      'bad_input',
      `${path} uses cipher suite ${prefix[9]}, which this app does not read (it reads suite ${SUITE_AES256GCM_HKDF_SHA256})`,
      {
        hint: 'Update the app to a version that supports this file.'
      }
    )
  }
  const fieldsLen = prefix.readUInt32BE(10)
  if (fieldsLen > MAX_FIELDS_BYTES)
    throw new FileError('integrity', `${path} has a damaged header (field length ${fieldsLen} is too large)`)
  return PREFIX_BYTES + fieldsLen + MAC_BYTES
}

class Cursor {
  pos = 0
  constructor(
    private readonly b: Buffer,
    private readonly path: string
  ) {}
  take(n: number, what: string): Buffer {
    if (this.pos + n > this.b.length) throw damaged(this.path, `${what} runs past the end of the header`)
    const v = this.b.subarray(this.pos, this.pos + n)
    this.pos += n
    return v
  }
  u8(what: string): number {
    return this.take(1, what)[0] ?? 0
  }
  str(lenBytes: 1 | 2, min: number, what: string): string {
    const len = this.take(lenBytes, what).readUIntBE(0, lenBytes)
    if (len < min) throw damaged(this.path, `${what} is empty`)
    const v = this.take(len, what)
    const s = v.toString('utf8')
    if (!Buffer.from(s, 'utf8').equals(v)) throw damaged(this.path, `${what} is not valid UTF-8`)
    return s
  }
}

function damaged(path: string, why: string): FileError {
  return new FileError('integrity', `${path} has a damaged header: ${why}`)
}

/** Parses a complete header (prefix ‖ fields ‖ MAC). Does not check the MAC: that needs the data key. */
export function parseHeader(h: Buffer, path: string): ParsedHeader {
  const length = headerLengthFromPrefix(h, path)
  if (h.length !== length) throw damaged(path, 'it is shorter than its length field says')
  const c = new Cursor(h.subarray(PREFIX_BYTES, length - MAC_BYTES), path)
  const chunkSize = c.take(4, 'chunk size').readUInt32BE(0)
  if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE)
    throw damaged(path, `chunk size ${chunkSize} is out of range`)
  const flags = c.u8('flags')
  if ((flags & ~(FLAG_SIZE | FLAG_NAME)) !== 0) throw damaged(path, `unknown flags 0x${flags.toString(16)}`)
  let plaintextSize: number | undefined
  if (flags & FLAG_SIZE) {
    const big = c.take(8, 'size').readBigUInt64BE(0)
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw damaged(path, 'plaintext size is out of range')
    plaintextSize = Number(big)
  }
  const salt = c.take(32, 'salt')
  const count = c.u8('recipient count')
  if (count < 1 || count > MAX_RECIPIENTS) throw damaged(path, `recipient count ${count} is out of range`)
  const recipients: WrappedRecipient[] = []
  for (let i = 0; i < count; i++) {
    recipients.push({
      region: c.str(1, 1, 'key region'),
      identity: c.str(1, 1, 'key identity'),
      slug: c.str(1, 0, 'key slug'),
      ciphertext: c.str(2, 1, 'KMS ciphertext')
    })
  }
  let sealedName: Buffer | undefined
  if (flags & FLAG_NAME) {
    const len = c.take(2, 'name length').readUInt16BE(0)
    if (len < 17 || len > MAX_NAME_BYTES + 16) throw damaged(path, 'stored name length is out of range')
    sealedName = Buffer.from(c.take(len, 'name'))
  }
  if (c.pos !== length - MAC_BYTES - PREFIX_BYTES) throw damaged(path, 'extra bytes after the last field')
  const authenticated = h.subarray(0, length - MAC_BYTES)
  const mac = h.subarray(length - MAC_BYTES)
  const fields: HeaderFields = { chunkSize, salt: Buffer.from(salt), recipients }
  if (plaintextSize !== undefined) fields.plaintextSize = plaintextSize
  if (sealedName !== undefined) fields.sealedName = sealedName
  return { fields, authenticated, mac, hash: headerHash(authenticated, mac), length }
}
