import { z } from 'zod'

export const AuthKindSchema = z.enum(['sandbox', 'pat', 'access-token', 'client-credentials'])
export type AuthKind = z.infer<typeof AuthKindSchema>

/** What the renderer may know about a profile: never the secret, only whether one is stored. */
export const ProfileViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  endpoint: z.string(),
  organisation: z.string(),
  project: z.string().optional(),
  region: z.string().optional(),
  authKind: AuthKindSchema,
  clientId: z.string().optional(),
  builtIn: z.boolean(),
  hasSecret: z.boolean(),
  active: z.boolean()
})
export type ProfileView = z.infer<typeof ProfileViewSchema>
