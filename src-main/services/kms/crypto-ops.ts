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

function requireBase64(value: string, field: string, max = MAX_PAYLOAD_BYTES): void {
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
}

/** The SDK's request types with `omitempty`: absent, empty and false optional fields are not sent. */
function crypto<S extends z.ZodType>(
  c: ClientCore,
  region: string,
  id: string,
  op: KeyOp,
  body: object,
  schema: S,
  o?: CallOpts
): Promise<z.infer<S>> {
  return onKey(c, region, id, op, () =>
    c.run(
      {
        method: 'POST',
        path: c.keyPath(region, id, `/${op}`),
        body: omitEmpty(body),
        schema,
        idempotent: true,
        ctx: c.ctx(`${op} with key ${id}`, region, id)
      },
      o
    )
  )
}

export async function encrypt(
  c: ClientCore,
  region: string,
  id: string,
  i: W.EncryptInput,
  o?: CallOpts
): Promise<W.EncryptResponse> {
  requireBase64(i.plaintext, 'plaintext')
  const body = { plaintext: i.plaintext, keyVersion: ver(i.keyVersion) }
  return crypto(c, region, id, 'encrypt', body, W.EncryptResponseSchema, o)
}

export async function decrypt(
  c: ClientCore,
  region: string,
  id: string,
  i: W.DecryptInput,
  o?: CallOpts
): Promise<W.DecryptResponse> {
  if (!i.ciphertext)
    throw badInput('ciphertext is required', 'Paste the ciphertext exactly as the KMS returned it.', 'ciphertext')
  return crypto(c, region, id, 'decrypt', { ciphertext: i.ciphertext }, W.DecryptResponseSchema, o)
}

export async function sign(
  c: ClientCore,
  region: string,
  id: string,
  i: W.SignInput,
  o?: CallOpts
): Promise<W.SignResponse> {
  requireBase64(i.input, 'input')
  const body = {
    input: i.input,
    keyVersion: ver(i.keyVersion),
    hashAlgorithm: i.hashAlgorithm,
    prehashed: i.prehashed,
    context: i.context
  }
  return crypto(c, region, id, 'sign', body, W.SignResponseSchema, o)
}

export async function verify(
  c: ClientCore,
  region: string,
  id: string,
  i: W.VerifyInput,
  o?: CallOpts
): Promise<W.VerifyResponse> {
  requireBase64(i.input, 'input')
  const body = { input: i.input, signature: i.signature, hashAlgorithm: i.hashAlgorithm }
  return crypto(c, region, id, 'verify', body, W.VerifyResponseSchema, o)
}

export async function hmac(
  c: ClientCore,
  region: string,
  id: string,
  i: W.HmacInput,
  o?: CallOpts
): Promise<W.HmacResponse> {
  requireBase64(i.input, 'input')
  const body = { input: i.input, keyVersion: ver(i.keyVersion), algorithm: i.algorithm }
  return crypto(c, region, id, 'hmac', body, W.HmacResponseSchema, o)
}

export async function verifyHmac(
  c: ClientCore,
  region: string,
  id: string,
  i: W.VerifyHmacInput,
  o?: CallOpts
): Promise<W.VerifyHmacResponse> {
  requireBase64(i.input, 'input')
  const body = { input: i.input, hmac: i.hmac, hashAlgorithm: i.hashAlgorithm }
  return crypto(c, region, id, 'verify-hmac', body, W.VerifyHmacResponseSchema, o)
}
