import { FileError, fromWrapperError } from '../shared/file-errors'
import type { FileProgress } from '../file-format/types'
import { hashFileSized, KMS_HASH_NAME } from './hash-file'
import type { SigningKms } from './kms-port'
import { versionOf } from './kms-string'
import { checkDigest, type SignFileOptions } from './sign'
import { fileEntry, HmacFileSchema, readJsonFile, writeJsonFile, type HmacFile } from './signature-file'

export const HMAC_EXTENSION = '.hmac.json'

/**
 * HMAC of a file "the same way" as signing: the file is hashed locally as a stream and the KMS
 * HMACs the digest (the KMS input limit rules out sending the file). A generic `hmac` key uses
 * the chosen hash as its HMAC algorithm too; `hmac-sha256`/`hmac-sha512` keys have a fixed one.
 */
export async function hmacFile(o: SignFileOptions): Promise<{ output: string; hmac: HmacFile }> {
  if (!o.key.keyType.startsWith('hmac'))
    throw new FileError('bad_input', `A ${o.key.keyType} key cannot compute an HMAC; choose an HMAC key`)
  const hash = o.hash ?? 'sha256'
  const output = o.output ?? `${o.file}${HMAC_EXTENSION}`
  const { digest, size } = await hashFileSized(o.file, hash, o.onProgress, o.signal)
  let res: { hmac: string; keyVersion?: string }
  try {
    res = await o.kms.hmac(
      o.key.region,
      o.key.identity,
      { input: digest.toString('base64'), ...(o.key.keyType === 'hmac' ? { algorithm: KMS_HASH_NAME[hash] } : {}) },
      o.signal
    )
  } catch (e) {
    throw fromWrapperError(e, `Key ${o.key.region}/${o.key.slug || o.key.identity} could not compute the HMAC`)
  }
  const keyVersion = res.keyVersion ?? versionOf(res.hmac)
  const hmac = HmacFileSchema.parse({
    format: 'thalassa-kms-signature',
    version: 1,
    kind: 'hmac',
    key: { ...o.key, ...(keyVersion ? { keyVersion: String(keyVersion) } : {}) },
    hash,
    file: fileEntry(o.file, size),
    digest: digest.toString('hex'),
    createdAt: new Date().toISOString(),
    hmac: res.hmac
  })
  await writeJsonFile(output, hmac, o.overwrite)
  return { output, hmac }
}

export async function verifyHmacFile(o: {
  file: string
  macFile?: string
  kms: SigningKms
  onProgress?: (p: FileProgress) => void
  signal?: AbortSignal
}): Promise<{ valid: boolean; reason?: string; hmac: HmacFile }> {
  const hmac = await readJsonFile(o.macFile ?? `${o.file}${HMAC_EXTENSION}`, HmacFileSchema, 'HMAC file')
  const { digest, reason } = await checkDigest(o.file, hmac, o.onProgress, o.signal)
  if (reason) return { valid: false, reason, hmac }
  let valid: boolean
  try {
    ;({ valid } = await o.kms.verifyHmac(
      hmac.key.region,
      hmac.key.identity,
      {
        input: digest.toString('base64'),
        hmac: hmac.hmac,
        ...(hmac.key.keyType === 'hmac' ? { hashAlgorithm: KMS_HASH_NAME[hmac.hash] } : {})
      },
      o.signal
    ))
  } catch (e) {
    throw fromWrapperError(e, `Key ${hmac.key.region}/${hmac.key.slug || hmac.key.identity} could not verify the HMAC`)
  }
  return valid ? { valid, hmac } : { valid, reason: 'The KMS says the HMAC does not match this file and key', hmac }
}
