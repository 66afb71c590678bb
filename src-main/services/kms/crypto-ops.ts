import type { z } from 'zod'
import { MAX_PAYLOAD_BYTES } from '@contract/schemas/key-types'
import type { KeyOp } from './classify'
import type { CallOpts, ClientCore } from './client-core'
import { badInput } from './errors'
import { onKey } from './key-failures'
import { omitEmpty } from './sdk-body'
import * as W from './wire'

/** The cryptographic operations on one key: encrypt, decrypt, sign, verify, HMAC and its check. */

export const ver = (v: W.KeyVersionInput | undefined): string | undefined => (v === undefined ? undefined : String(v))

/** The value, once it is standard base64 within the KMS's payload limit. */
function base64(value: string, field: string, max = MAX_PAYLOAD_BYTES): string {
  if (!W.isStdBase64(value))
    throw badInput(
      `${field} must be standard base64 with padding`,
      'Encode the bytes with standard base64 (A–Z, a–z, 0–9, +, /, =).',
      field
    )
  const bytes = (value.length / 4) * 3 - (value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0)
  if (bytes > max)
    throw badInput(
      `${field} is ${bytes} bytes; the KMS accepts at most ${max}`,
      'Use file encryption for larger data: it wraps a data key instead.',
      field
    )
  return value
}

/** Each operation's request body (checked as it is built) and its answer's schema. */
const OPS = {
  encrypt: {
    body: (i: W.EncryptInput) => ({ plaintext: base64(i.plaintext, 'plaintext'), keyVersion: ver(i.keyVersion) }),
    schema: W.EncryptResponseSchema
  },
  decrypt: {
    body: (i: W.DecryptInput) => {
      if (!i.ciphertext)
        throw badInput('ciphertext is required', 'Paste the ciphertext exactly as the KMS returned it.', 'ciphertext')
      return { ciphertext: i.ciphertext }
    },
    schema: W.DecryptResponseSchema
  },
  sign: {
    body: (i: W.SignInput) => ({
      input: base64(i.input, 'input'),
      keyVersion: ver(i.keyVersion),
      hashAlgorithm: i.hashAlgorithm,
      prehashed: i.prehashed,
      context: i.context
    }),
    schema: W.SignResponseSchema
  },
  verify: {
    body: (i: W.VerifyInput) => ({
      input: base64(i.input, 'input'),
      signature: i.signature,
      hashAlgorithm: i.hashAlgorithm
    }),
    schema: W.VerifyResponseSchema
  },
  hmac: {
    body: (i: W.HmacInput) => ({
      input: base64(i.input, 'input'),
      keyVersion: ver(i.keyVersion),
      algorithm: i.algorithm
    }),
    schema: W.HmacResponseSchema
  },
  'verify-hmac': {
    body: (i: W.VerifyHmacInput) => ({ input: base64(i.input, 'input'), hmac: i.hmac, hashAlgorithm: i.hashAlgorithm }),
    schema: W.VerifyHmacResponseSchema
  }
} satisfies Partial<Record<KeyOp, { body: (i: never) => object; schema: z.ZodType }>>

type Ops = typeof OPS
type InputOf<K extends keyof Ops> = Parameters<Ops[K]['body']>[0]
type AnswerOf<K extends keyof Ops> = z.infer<Ops[K]['schema']>

/** The SDK's request types with `omitempty`: absent, empty and false optional fields are not sent. */
export async function cryptoOp<K extends keyof Ops>(
  c: ClientCore,
  region: string,
  id: string,
  op: K,
  i: InputOf<K>,
  o?: CallOpts
): Promise<AnswerOf<K>> {
  // TypeScript cannot tie OPS[op].body's parameter to `op`; the signature above does.
  const spec = OPS[op] as unknown as { body: (i: InputOf<K>) => object; schema: z.ZodType<AnswerOf<K>> }
  const body = omitEmpty(spec.body(i))
  return onKey(c, region, id, op, () =>
    c.run(
      {
        method: 'POST',
        path: c.keyPath(region, id, `/${op}`),
        body,
        schema: spec.schema,
        idempotent: true,
        ctx: c.ctx(`${op} with key ${id}`, region, id)
      },
      o
    )
  )
}
