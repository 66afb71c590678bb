import { z } from 'zod'
import { PermissionsSchema } from '../schemas/permissions'

export const workbenchChannels = {
  /** What the active token may do in this region (default: the current one) and project, as learnt so far. */
  'permissions:get': {
    request: z.object({ region: z.string().min(1).max(64).optional() }).optional(),
    response: PermissionsSchema
  },
  /**
   * First start: seeds a few sample keys into the Local sandbox (refused for any other profile, or
   * when the sandbox region already holds keys, so nothing is ever created twice).
   */
  'sandbox:seed-samples': {
    request: z.undefined(),
    response: z.object({ region: z.string(), created: z.array(z.string()) })
  }
} as const
