import { z } from 'zod'

/**
 * An opaque reference to a file or folder main has validated. Only main mints them: for a drop
 * (the preload turns the dropped File into its path) or a native dialog. The renderer never sends
 * a path main would trust, only these.
 */
export const PathHandleSchema = z.string().regex(/^ph_[0-9a-f]{32}$/, 'not a path handle (pick or drop the file again)')
export type PathHandle = z.infer<typeof PathHandleSchema>
