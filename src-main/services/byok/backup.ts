import { writeFileAtomic } from './atomic-write'
import { badInput } from './errors'
import type { KeyMaterial } from './material'

export type BackupEncoding = 'pem' | 'der' | 'raw' | 'base64' | 'hex'

export const BACKUP_WARNING =
  'This file holds the key material in plaintext. Anyone who reads it can use the key outside ' +
  'the KMS. Keep it offline (encrypted removable media in a safe), never on a networked machine.'

/**
 * Write a plaintext backup of the material, only when the user asks for one: created 0600,
 * atomically, never over an existing file. Default encoding: PEM PKCS#8 for asymmetric keys,
 * base64 for symmetric ones (both load back with loadMaterialFile).
 */
export async function saveMaterialBackup(
  material: KeyMaterial,
  file: string,
  encoding?: BackupEncoding
): Promise<{ path: string; warning: string }> {
  const asymmetric = material.publicKey !== undefined
  const enc = encoding ?? (asymmetric ? 'pem' : 'base64')
  const allowed: readonly BackupEncoding[] = asymmetric ? ['pem', 'der'] : ['raw', 'base64', 'hex']
  if (!allowed.includes(enc)) {
    throw badInput(`A ${material.keyType} backup cannot be written as ${enc}.`, `Use ${allowed.join(' or ')}.`)
  }
  const data = encode(material.bytes, enc)
  try {
    await writeFileAtomic(file, data, { mode: 0o600, overwrite: false })
  } finally {
    data.fill(0)
  }
  return { path: file, warning: BACKUP_WARNING }
}

function encode(bytes: Buffer, enc: BackupEncoding): Buffer {
  switch (enc) {
    case 'raw':
    case 'der':
      return Buffer.from(bytes)
    case 'hex':
      return Buffer.from(`${bytes.toString('hex')}\n`, 'latin1')
    case 'base64':
      return Buffer.from(`${bytes.toString('base64')}\n`, 'latin1')
    case 'pem': {
      const lines = bytes.toString('base64').match(/.{1,64}/g) ?? []
      return Buffer.from(`-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`, 'latin1')
    }
  }
}
