import { z } from 'zod'
import { RecipientSetSchema } from '../schemas/recipient-sets'

/** Saved recipient sets, kept by main in the settings file. Saving a set under an existing name replaces it. */
export const recipientChannels = {
  'recipients:list-sets': { request: z.undefined(), response: z.array(RecipientSetSchema) },
  'recipients:save-set': { request: RecipientSetSchema, response: z.array(RecipientSetSchema) },
  'recipients:delete-set': {
    request: z.object({ name: z.string().min(1).max(80) }),
    response: z.array(RecipientSetSchema)
  }
} as const
