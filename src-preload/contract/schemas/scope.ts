import { z } from 'zod'

/** Where KMS calls go: the active profile, a region and an optional project. */
export const ScopeSchema = z.object({
  profileId: z.string(),
  region: z.string(),
  project: z.string().optional()
})
export type Scope = z.infer<typeof ScopeSchema>

export const ScopeUpdateSchema = z.object({
  region: z.string().min(1).optional(),
  /** null clears the project (organisation scope). */
  project: z.string().min(1).nullable().optional()
})
export type ScopeUpdate = z.infer<typeof ScopeUpdateSchema>

export const ProjectSchema = z.object({ identity: z.string(), name: z.string(), slug: z.string() })
export type Project = z.infer<typeof ProjectSchema>
