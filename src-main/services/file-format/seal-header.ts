import { randomBytes } from 'node:crypto'
import { FileError } from '../shared/file-errors'
import { encodeAuthenticated, headerHash, MAX_NAME_BYTES, SALT_BYTES, type HeaderFields } from './header'
import { deriveKeys, headerMac, sealName, type FileKeys } from './key-schedule'
import type { WrappedRecipient } from './types'

export interface SealedHeader {
  bytes: Buffer
  hash: Buffer
  keys: FileKeys
}

/** Builds a complete header (fields ‖ MAC) for a fresh data key. The caller wipes `keys`. */
export function sealHeader(o: {
  dataKey: Uint8Array
  recipients: WrappedRecipient[]
  chunkSize: number
  plaintextSize: number
  name?: string
  salt?: Buffer
}): SealedHeader {
  const salt = o.salt ?? randomBytes(SALT_BYTES)
  const keys = deriveKeys(o.dataKey, salt)
  const fields: HeaderFields = {
    chunkSize: o.chunkSize,
    plaintextSize: o.plaintextSize,
    salt,
    recipients: o.recipients
  }
  if (o.name !== undefined) {
    if (Buffer.byteLength(o.name, 'utf8') > MAX_NAME_BYTES)
      throw new FileError('bad_input', `The file name is longer than ${MAX_NAME_BYTES} bytes and cannot be stored`)
    fields.sealedName = sealName(keys.name, o.name)
  }
  const authenticated = encodeAuthenticated(fields)
  const mac = headerMac(keys.headerMac, authenticated)
  return { bytes: Buffer.concat([authenticated, mac]), hash: headerHash(authenticated, mac), keys }
}
