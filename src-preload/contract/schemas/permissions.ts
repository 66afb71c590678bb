import { z } from 'zod'

/** unknown: no answer yet (actions stay enabled); allowed/denied: the API answered. */
const AccessSchema = z.enum(['unknown', 'allowed', 'denied'])
export type Access = z.infer<typeof AccessSchema>

/** What the active token may do in the current profile, region and project. */
export const PermissionsSchema = z.object({
  change: AccessSchema,
  use: AccessSchema,
  /** The sentence the UI shows beside a disabled write action. */
  changeReason: z.string().optional(),
  useReason: z.string().optional()
})
export type Permissions = z.infer<typeof PermissionsSchema>
