import { z } from 'zod'
import {
  CryptoResultSchema,
  DecryptResultSchema,
  DecryptTextSchema,
  EncryptTextSchema,
  HmacTextSchema,
  SignTextSchema,
  VerifyHmacTextSchema,
  VerifyResultSchema,
  VerifyTextSchema
} from '../schemas/crypto'

export const cryptoChannels = {
  'crypto:encrypt': { request: EncryptTextSchema, response: CryptoResultSchema },
  'crypto:decrypt': { request: DecryptTextSchema, response: DecryptResultSchema },
  'crypto:sign': { request: SignTextSchema, response: CryptoResultSchema },
  'crypto:verify': { request: VerifyTextSchema, response: VerifyResultSchema },
  'crypto:hmac': { request: HmacTextSchema, response: CryptoResultSchema },
  'crypto:verify-hmac': { request: VerifyHmacTextSchema, response: VerifyResultSchema },
  /** Main writes the clipboard; sensitive values are cleared after the configured delay. */
  'clipboard:copy': {
    request: z.object({ text: z.string().max(1_000_000), sensitive: z.boolean() }),
    response: z.object({ clearsInSeconds: z.number().int() })
  }
} as const
