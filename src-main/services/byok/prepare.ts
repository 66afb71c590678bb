import { z } from 'zod'
import { CreateKeyRequestSchema } from '@contract/schemas/kms'
import { sealBundle, type Bundle } from './bundle'
import { badInput } from './errors'
import type { KeyMaterial } from './material'
import { parseHashFunction } from './types'
import { wrapMaterial } from './wrap'
import { zodSummary } from './file-format'
import { parseWrappingKeyFile, type WrappingKey } from './wrapping-key'

/** What the officer chooses for the key to be created; the same fields as the create request. */
const ImportMetaSchema = z.object({
  name: CreateKeyRequestSchema.shape.name,
  description: CreateKeyRequestSchema.shape.description,
  labels: CreateKeyRequestSchema.shape.labels,
  /** Imported keys can be rotated only when this is true; it cannot be changed later. */
  allowRotation: z.boolean().default(false),
  hashFunction: z.string().optional()
})
export type ImportMetaInput = z.input<typeof ImportMetaSchema>
export type ImportMeta = z.infer<typeof ImportMetaSchema>

export function parseImportMeta(meta: unknown): ImportMeta {
  const r = ImportMetaSchema.safeParse(meta)
  if (!r.success)
    throw badInput(`Invalid key settings: ${zodSummary(r.error)}.`, 'Fix the name, description or labels.')
  parseHashFunction(r.data.hashFunction)
  return r.data
}

/**
 * The offline half of BYOK: wrap `material` under the wrapping key from a wrapping-key file and
 * describe the key to create. No network, no profile. The material is erased from memory when
 * this returns (write a backup first if one is wanted).
 */
export function prepareBundle(
  wrappingKeyFile: unknown,
  material: KeyMaterial,
  metaInput: ImportMetaInput,
  now: Date = new Date()
): Bundle {
  try {
    const meta = parseImportMeta(metaInput)
    const { file, wrappingKey } = parseWrappingKeyFile(wrappingKeyFile)
    const hashFunction = parseHashFunction(meta.hashFunction)
    const body: Omit<Bundle, 'digest'> = {
      format: 'thalassa-kms-byok-bundle',
      version: 1,
      region: file.region,
      endpoint: file.endpoint,
      organisation: file.organisation,
      wrappingKeyFingerprint: wrappingKey.fingerprint,
      wrappingKeyBits: wrappingKey.rsaBits,
      keyType: material.keyType,
      hashFunction,
      name: meta.name,
      allowRotation: meta.allowRotation,
      importKeyMaterial: wrapMaterial(wrappingKey, material, hashFunction),
      createdAt: now.toISOString()
    }
    if (meta.description !== undefined) body.description = meta.description
    if (meta.labels !== undefined) body.labels = meta.labels
    if (material.publicKey) {
      body.publicKeyFingerprint = material.publicKey.fingerprint
      body.publicKey = material.publicKey.pem
    }
    return sealBundle(body)
  } finally {
    material.destroy()
  }
}

/** Wrap for the one-step online flow (same scheme, no file in between); erases the material. */
export function wrapForImport(
  wrappingKey: WrappingKey,
  material: KeyMaterial,
  hashFunction: string | undefined
): string {
  try {
    return wrapMaterial(wrappingKey, material, parseHashFunction(hashFunction))
  } finally {
    material.destroy()
  }
}
