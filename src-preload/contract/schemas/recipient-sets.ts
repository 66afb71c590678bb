import { z } from 'zod'
import { FileRecipientSchema } from './files'

/** A named group of recipient keys the Files screen can apply in one step (e.g. "payments + DR escrow"). */
export const RecipientSetSchema = z.object({
  name: z.string().trim().min(1, 'give the set a name').max(80, 'a set name has at most 80 characters'),
  recipients: z.array(FileRecipientSchema).min(1, 'a set needs at least one key').max(64)
})
export type RecipientSet = z.infer<typeof RecipientSetSchema>

/** At most this many sets are kept; saving one more asks to delete one first. */
export const MAX_RECIPIENT_SETS = 50
