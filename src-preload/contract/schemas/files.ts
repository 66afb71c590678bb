import { z } from 'zod'
import { AppErrorSchema } from '../errors'
import { SIGNATURE_FORMATS, type SignatureFormat } from '../signature-formats'
import { PathHandleSchema } from './handles'
import { KeyTypeSchema } from './key-types'
import { VerificationReportSchema } from './verification'

/** What a file job does. Decrypt needs no key: the file's header names its recipients. */
const FILE_OPERATIONS = ['encrypt', 'decrypt', 'reencrypt', 'sign', 'verify', 'hmac', 'verify-hmac'] as const
const FileOperationSchema = z.enum(FILE_OPERATIONS)
export type FileOperation = z.infer<typeof FileOperationSchema>

const FileHashSchema = z.enum(['sha256', 'sha384', 'sha512'])
export { SIGNATURE_FORMATS, type SignatureFormat }
const SignatureFormatSchema = z.enum(SIGNATURE_FORMATS)
export type FileHashName = z.infer<typeof FileHashSchema>

/** A KMS key a file is encrypted to: any one of them opens the file. */
export const FileRecipientSchema = z.object({
  region: z.string().min(1).max(64),
  identity: z.string().min(1).max(128),
  slug: z.string().max(255)
})
export type FileRecipient = z.infer<typeof FileRecipientSchema>

/** The key that signs or HMACs a file; its type decides the signing scheme. */
const FileKeySchema = FileRecipientSchema.extend({ keyType: KeyTypeSchema })
export type FileKey = z.infer<typeof FileKeySchema>

/**
 * One regular file, validated by main and named by its handle; `path` is for display only.
 * `relative` keeps a dropped folder's structure for an output folder.
 */
const FileEntrySchema = z.object({
  handle: PathHandleSchema,
  path: z.string(),
  relative: z.string().min(1).max(4096),
  size: z.number().int().nonnegative(),
  /** Starts with the magic bytes of an encrypted file. */
  encrypted: z.boolean()
})
export type FileEntry = z.infer<typeof FileEntrySchema>

const RefusedPathSchema = z.object({ path: z.string(), error: AppErrorSchema })
export type RefusedPath = z.infer<typeof RefusedPathSchema>

export const InspectResultSchema = z.object({ entries: z.array(FileEntrySchema), refused: z.array(RefusedPathSchema) })
export type InspectResult = z.infer<typeof InspectResultSchema>

export const PickRequestSchema = z.object({ kind: z.enum(['files', 'folder', 'output-folder', 'public-key']) })
export const PickResultSchema = InspectResultSchema.extend({ cancelled: z.boolean() })

export const StartJobsSchema = z.object({
  operation: FileOperationSchema,
  /** Files dropped or picked earlier, by handle; main checks each again before it is read. */
  items: z
    .array(z.object({ handle: PathHandleSchema }))
    .min(1)
    .max(10_000),
  /** Encrypt: required. Re-encrypt: optional (default: the file's recipients, at their latest version). */
  recipients: z.array(FileRecipientSchema).max(64).optional(),
  /** Sign and HMAC. */
  key: FileKeySchema.optional(),
  hash: FileHashSchema.default('sha256'),
  rsaPadding: z.enum(['pss', 'pkcs1v15']).optional(),
  /** Sign: the output format. */
  signatureFormat: SignatureFormatSchema.default('sig-json'),
  /** Offline verification: the exported public key file, picked in an open dialog (its handle). */
  publicKey: PathHandleSchema.optional(),
  /** The output folder picked in a dialog (its handle). Default: beside each input. */
  outputDir: PathHandleSchema.optional(),
  /** A request only: main asks the user in a native dialog before anything may be replaced. */
  overwrite: z.boolean().default(false),
  /** Encrypt: keep the original name (encrypted) in the file so decryption restores it. */
  storeName: z.boolean().default(true)
})

const JobStateSchema = z.enum(['queued', 'running', 'ok', 'error', 'cancelled'])

export const JobViewSchema = z.object({
  jobId: z.string(),
  operation: FileOperationSchema,
  input: z.string(),
  name: z.string(),
  state: JobStateSchema,
  bytesDone: z.number(),
  bytesTotal: z.number(),
  output: z.string().optional(),
  /** Verify operations: whether the signature or HMAC matches. */
  valid: z.boolean().optional(),
  reason: z.string().optional(),
  /** Verify: how it was checked, e.g. "verified with the public key of version 2, fetched from the KMS (RSA-PSS)". */
  detail: z.string().optional(),
  /** Decrypt: which recipient key opened the file. */
  openedWith: z.string().optional(),
  /** Encrypt and re-encrypt: the keys (region/slug) any one of which opens the output. */
  recipients: z.array(z.string()).optional(),
  /** Verify and verify HMAC: who signed, when, with which hash, and the key's state now. */
  report: VerificationReportSchema.optional(),
  error: AppErrorSchema.optional()
})
export type JobView = z.infer<typeof JobViewSchema>
