import { z } from 'zod'
import { KeyTypeSchema } from '@contract/schemas/key-types'

/**
 * Request bodies as the vendor SDK sends them (client-go kms/types.go). Strict mode accepts exactly
 * these fields with these JSON types (`keyVersion` a string of digits, `omitempty` fields never
 * null); lenient mode keeps the sandbox's older tolerance (unknown fields ignored, numeric or null
 * `keyVersion`, the `prehashed`/`signatureAlgorithm` extensions on sign and verify). Both modes
 * normalise to the same output type, so handlers do not care which one parsed the body.
 */
export interface BodySpec<T> {
  /** The SDK type the strict schema mirrors, named in error messages. */
  sdkType: string
  strict: z.ZodType<T>
  lenient: z.ZodType<T>
}

const Digits = z.string().regex(/^[0-9]+$/, 'must be a string of digits such as "1"')
const StrictVersion = Digits.transform(Number).optional()
const LenientVersion = z
  .union([Digits, z.number().int(), z.literal(''), z.null()])
  .transform((v) => (v === '' || v === null ? undefined : Number(v)))
  .optional()
const StringMap = z.record(z.string(), z.string())
const Period = z.number().int().min(1).max(3650)
const Rsa = z.enum(['pss', 'pkcs1v15'])

function spec<S extends z.ZodRawShape, L extends z.ZodRawShape>(
  sdkType: string,
  strict: S,
  lenientExtra: L
): BodySpec<z.infer<z.ZodObject<S & L>>> {
  return {
    sdkType,
    strict: z.strictObject(strict) as unknown as z.ZodType<z.infer<z.ZodObject<S & L>>>,
    lenient: z.looseObject({ ...strict, ...lenientExtra }) as unknown as z.ZodType<z.infer<z.ZodObject<S & L>>>
  }
}

export const EncryptBody = spec(
  'EncryptRequest',
  { plaintext: z.string(), keyVersion: StrictVersion },
  { keyVersion: LenientVersion }
)
export const DecryptBody = spec('DecryptRequest', { ciphertext: z.string() }, {})
export const SignBody = spec(
  'SignRequest',
  {
    input: z.string(),
    keyVersion: StrictVersion,
    hashAlgorithm: z.string().optional(),
    prehashed: z.boolean().optional(),
    context: z.string().optional()
  },
  { keyVersion: LenientVersion, signatureAlgorithm: Rsa.optional() }
)
export const VerifyBody = spec(
  'VerifySignatureRequest',
  { input: z.string(), signature: z.string(), hashAlgorithm: z.string().optional() },
  { prehashed: z.boolean().optional(), signatureAlgorithm: Rsa.optional() }
)
export const HmacBody = spec(
  'HMACRequest',
  { input: z.string(), keyVersion: StrictVersion, algorithm: z.string().optional() },
  { keyVersion: LenientVersion, hashAlgorithm: z.string().optional() }
)
export const VerifyHmacBody = spec(
  'VerifyHMACRequest',
  { input: z.string(), hmac: z.string(), hashAlgorithm: z.string().optional() },
  { algorithm: z.string().optional() }
)
export const ExportBody = spec('ExportKeyRequest', { keyVersion: StrictVersion }, { keyVersion: LenientVersion })

export const CreateBody = spec(
  'CreateKmsKeyRequest',
  {
    name: z.string().min(1).max(255),
    keyType: KeyTypeSchema.default('aes256-gcm96'),
    description: z.string().max(1024).optional(),
    labels: StringMap.optional(),
    annotations: StringMap.optional(),
    exportAllowed: z.boolean().optional(),
    keyRotationEnabled: z.boolean().optional(),
    rotationPeriodInDays: Period.optional(),
    importKeyMaterial: z.string().min(1).optional(),
    hashFunction: z.string().optional(),
    allowRotation: z.boolean().optional()
  },
  { rotationPeriodInDays: Period.nullish().transform((v) => v ?? undefined) }
)
export type CreateBodyT = z.infer<typeof CreateBody.strict>

export const RotationBody = spec(
  'UpdateRotationRequest',
  { keyRotationEnabled: z.boolean().optional(), rotationPeriodInDays: Period.optional() },
  { rotationPeriodInDays: Period.nullish() }
)
