import { createCipheriv, createDecipheriv, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'
import { NONCE_BYTES, TAG_BYTES } from './chunk-layout'

/** HKDF-SHA-256 info strings of format version 1 (docs/file-format.md §4). */
const INFO_PAYLOAD = 'thalassa-kms-file/v1 payload'
const INFO_HEADER_MAC = 'thalassa-kms-file/v1 header-mac'
const INFO_NAME = 'thalassa-kms-file/v1 name'

export interface FileKeys {
  payload: Buffer
  headerMac: Buffer
  name: Buffer
}

export function deriveKeys(dataKey: Uint8Array, salt: Uint8Array): FileKeys {
  const derive = (info: string): Buffer => Buffer.from(hkdfSync('sha256', dataKey, salt, info, 32))
  return { payload: derive(INFO_PAYLOAD), headerMac: derive(INFO_HEADER_MAC), name: derive(INFO_NAME) }
}

export function wipeKeys(k: FileKeys): void {
  k.payload.fill(0)
  k.headerMac.fill(0)
  k.name.fill(0)
}

export function headerMac(key: Buffer, authenticated: Uint8Array): Buffer {
  return createHmac('sha256', key).update(authenticated).digest()
}

export function macMatches(key: Buffer, authenticated: Uint8Array, mac: Uint8Array): boolean {
  const expected = headerMac(key, authenticated)
  return mac.length === expected.length && timingSafeEqual(expected, mac)
}

// The name key is unique per file (random salt), so a fixed all-zero nonce is used exactly once.
const NAME_NONCE = Buffer.alloc(NONCE_BYTES)

export function sealName(key: Buffer, name: string): Buffer {
  const c = createCipheriv('aes-256-gcm', key, NAME_NONCE)
  return Buffer.concat([c.update(name, 'utf8'), c.final(), c.getAuthTag()])
}

/** Returns undefined when the stored name does not authenticate. */
export function openName(key: Buffer, sealed: Uint8Array): string | undefined {
  if (sealed.length < TAG_BYTES) return undefined
  const d = createDecipheriv('aes-256-gcm', key, NAME_NONCE)
  d.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES))
  try {
    return Buffer.concat([d.update(sealed.subarray(0, sealed.length - TAG_BYTES)), d.final()]).toString('utf8')
  } catch {
    return undefined
  }
}
