import { z } from 'zod'
import {
  CaBundlePickSchema,
  ProfileFormPatchSchema,
  ProfileFormSchema,
  ProfileViewSchema,
  TestConnectionResultSchema
} from '../schemas/profiles'

const secret = z.string().min(1).max(8192)

export const profileChannels = {
  'profiles:list': { request: z.undefined(), response: z.array(ProfileViewSchema) },
  /**
   * The secret, when given, is write-only: it goes to the OS keychain in main and never comes back
   * (the renderer only ever sees `hasSecret`).
   */
  'profiles:create': {
    request: z.object({ profile: ProfileFormSchema, secret: secret.optional() }),
    response: ProfileViewSchema
  },
  /**
   * A new endpoint origin, auth kind or client id discards the stored secret in main (it belongs
   * to what it was entered for): the response then shows `hasSecret: false`.
   */
  'profiles:update': {
    request: z.object({ id: z.string().max(64), patch: ProfileFormPatchSchema }),
    response: ProfileViewSchema
  },
  /** Native open dialog for a PEM CA bundle; main checks it and shows each certificate's subject and fingerprint. */
  'profiles:pick-ca-bundle': { request: z.undefined(), response: CaBundlePickSchema },
  /** Deletes the profile and its keychain secret. */
  'profiles:delete': { request: z.object({ id: z.string() }), response: z.object({ deleted: z.boolean() }) },
  'profiles:set-secret': { request: z.object({ id: z.string(), secret }), response: ProfileViewSchema },
  'profiles:test-connection': { request: z.object({ id: z.string() }), response: TestConnectionResultSchema },
  'profiles:select-active': { request: z.object({ id: z.string() }), response: ProfileViewSchema },
  /** Imports contexts from the tcloud CLI config (~/.tcloud or THALASSA_CONFIG) and, optionally, THALASSA_* variables. */
  'profiles:import-tcloud': {
    request: z.object({ includeEnv: z.boolean().optional() }),
    response: z.object({
      imported: z.array(ProfileViewSchema),
      skipped: z.array(z.string()),
      notes: z.array(z.string())
    })
  }
} as const
