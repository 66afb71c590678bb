import { basename } from 'node:path'
import { z } from 'zod'
import { KeyTypeSchema } from '@contract/schemas/key-types'
import { FileError } from '../shared/file-errors'
import { readRegularFile } from '../files/input-file'
import { assertTargetFree, writeAtomically } from '../files/output-target'
import { FILE_HASHES } from './hash-file'

/** A detached signature or HMAC file is a few hundred bytes; far more is not one. */
const MAX_DETACHED_BYTES = 1024 * 1024

/** Signatures and HMACs are opaque KMS strings (often `thalassa:v<N>:<base64>`, but not necessarily). */
const KmsStringSchema = z.string().min(1, 'expected the signature or HMAC string the KMS returned')

const SignedKeySchema = z.object({
  region: z.string().min(1),
  identity: z.string().min(1),
  slug: z.string(),
  keyType: KeyTypeSchema,
  keyVersion: z.string().optional()
})
export type SignedKey = z.infer<typeof SignedKeySchema>

const common = {
  format: z.literal('thalassa-kms-signature'),
  version: z.literal(1),
  key: SignedKeySchema,
  hash: z.enum(FILE_HASHES),
  file: z.object({ name: z.string(), size: z.number().int().nonnegative() }),
  /** Hex digest of the file with `hash`. */
  digest: z.string().regex(/^[0-9a-f]+$/),
  createdAt: z.string()
}

/** Detached signature: `<file>.sig.json`. See docs/file-format.md §7. */
export const SignatureFileSchema = z.object({
  ...common,
  kind: z.literal('signature'),
  /**
   * Written by earlier versions only (`pss`, `pkcs1v15`, `ecdsa-der`, `ed25519`): the API has no
   * field to choose a scheme, so verification tries each one the key type allows.
   */
  signatureAlgorithm: z.enum(['pss', 'pkcs1v15', 'ecdsa-der', 'ed25519']).optional(),
  prehashed: z.boolean(),
  signature: KmsStringSchema
})
export type SignatureFile = z.infer<typeof SignatureFileSchema>

/** Detached HMAC: `<file>.hmac.json`; the KMS HMACs the file's digest. */
export const HmacFileSchema = z.object({ ...common, kind: z.literal('hmac'), hmac: KmsStringSchema })
export type HmacFile = z.infer<typeof HmacFileSchema>

export async function readJsonFile<T>(path: string, schema: z.ZodType<T>, what: string): Promise<T> {
  const text = (await readRegularFile(path, MAX_DETACHED_BYTES)).toString('utf8')
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new FileError('bad_input', `${path} is not a ${what} (not JSON)`)
  }
  const r = schema.safeParse(json)
  if (!r.success) {
    const issue = r.error.issues[0]
    throw new FileError(
      'bad_input',
      `${path} is not a valid ${what}: ${issue ? `${issue.path.join('.') || 'root'}: ${issue.message}` : 'invalid'}`
    )
  }
  return r.data
}

/** Writes JSON with the same temp-then-rename discipline as encrypted files. */
export async function writeJsonFile(path: string, value: unknown, overwrite: boolean | undefined): Promise<void> {
  await assertTargetFree(path, overwrite)
  await writeAtomically(path, { mode: 0o644, exact: false, overwrite }, (p) =>
    p.handle.writeFile(`${JSON.stringify(value, null, 2)}\n`)
  )
}

export function fileEntry(path: string, size: number): { name: string; size: number } {
  return { name: basename(path), size }
}
