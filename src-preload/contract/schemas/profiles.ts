import { z } from 'zod'
import { AppErrorSchema } from '../errors'
import { EnvironmentSchema, ProfileColorSchema } from './environment'
import { PathHandleSchema } from './handles'

export const DEFAULT_API_ENDPOINT = 'https://api.thalassa.cloud'
export const SANDBOX_PROFILE_ID = 'local-sandbox'

export type AuthKind = 'pat' | 'access-token' | 'client-credentials'

/** Non-secret part of the auth settings; the token or client secret lives in the OS keychain. */
const ProfileAuthSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pat') }),
  z.object({ kind: z.literal('access-token') }),
  z.object({ kind: z.literal('client-credentials'), clientId: z.string().min(1).max(256) })
])
export type ProfileAuth = z.infer<typeof ProfileAuthSchema>

/** One certificate of a profile's CA bundle, as shown to the user when the bundle was added. */
const CaCertificateSchema = z.object({
  subject: z.string(),
  /** SHA-256 of the DER certificate, hex with colons. */
  fingerprint: z.string(),
  notAfter: z.string()
})
export type CaCertificate = z.infer<typeof CaCertificateSchema>

export const ProfileSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['cloud', 'sandbox']),
  endpoint: z.string().min(1),
  organisation: z.string().trim().min(1).max(255),
  project: z.string().trim().min(1).max(255).optional(),
  defaultRegion: z.string().trim().min(1).max(64).optional(),
  auth: ProfileAuthSchema,
  /** Path of a PEM file with extra CA certificates (corporate TLS inspection). */
  caBundlePath: z.string().min(1).optional(),
  /** The certificates of the bundle when it was added; a bundle that changed since is refused. */
  caCertificates: z.array(CaCertificateSchema).max(1000).optional(),
  /** sandbox / non-production / production; unset on a cloud profile counts as production. */
  environment: EnvironmentSchema.optional(),
  color: ProfileColorSchema.optional(),
  createdAt: z.string(),
  updatedAt: z.string()
})
export type Profile = z.infer<typeof ProfileSchema>

export const ProfileInputSchema = z.object({
  name: ProfileSchema.shape.name,
  endpoint: z.string().min(1).default(DEFAULT_API_ENDPOINT),
  organisation: ProfileSchema.shape.organisation,
  project: ProfileSchema.shape.project,
  defaultRegion: ProfileSchema.shape.defaultRegion,
  auth: ProfileAuthSchema,
  caBundlePath: ProfileSchema.shape.caBundlePath,
  caCertificates: ProfileSchema.shape.caCertificates,
  environment: ProfileSchema.shape.environment,
  color: ProfileSchema.shape.color
})
export type ProfileInput = z.input<typeof ProfileInputSchema>

/** Optional fields may be cleared with null. */
export const ProfilePatchSchema = z
  .object({
    name: ProfileSchema.shape.name.optional(),
    endpoint: z.string().min(1).optional(),
    organisation: ProfileSchema.shape.organisation.optional(),
    project: ProfileSchema.shape.project.nullable(),
    defaultRegion: ProfileSchema.shape.defaultRegion.nullable(),
    auth: ProfileAuthSchema.optional(),
    caBundlePath: ProfileSchema.shape.caBundlePath.nullable(),
    caCertificates: ProfileSchema.shape.caCertificates.nullable(),
    environment: EnvironmentSchema.nullable(),
    color: ProfileColorSchema.nullable()
  })
  .partial()
export type ProfilePatch = z.infer<typeof ProfilePatchSchema>

/** What the renderer sends to create a profile: a CA bundle only as a handle from main's open dialog. */
export const ProfileFormSchema = ProfileInputSchema.omit({ caBundlePath: true, caCertificates: true }).extend({
  caBundle: PathHandleSchema.optional()
})

/** A change from the renderer; `caBundle: null` removes the CA bundle. */
export const ProfileFormPatchSchema = ProfilePatchSchema.omit({ caBundlePath: true, caCertificates: true }).extend({
  caBundle: PathHandleSchema.nullable().optional()
})
export type ProfileFormPatch = z.infer<typeof ProfileFormPatchSchema>

/** A CA bundle chosen in main's open dialog, checked, with the certificates it holds. */
export const CaBundlePickSchema = z.discriminatedUnion('cancelled', [
  z.object({ cancelled: z.literal(true) }),
  z.object({
    cancelled: z.literal(false),
    handle: PathHandleSchema,
    path: z.string(),
    certificates: z.array(CaCertificateSchema)
  })
])
export type CaBundlePick = z.infer<typeof CaBundlePickSchema>

const SecretStatusSchema = z.enum(['stored', 'missing', 'builtin', 'keychain_unavailable'])

/** What the renderer sees of a profile: never the secret, only whether there is one. */
export const ProfileViewSchema = ProfileSchema.extend({
  hasSecret: z.boolean(),
  secretStatus: SecretStatusSchema,
  readOnly: z.boolean(),
  active: z.boolean(),
  /** Always filled in the view: the profile's own, or the default for its kind. */
  environment: EnvironmentSchema,
  color: ProfileColorSchema
})
export type ProfileView = z.infer<typeof ProfileViewSchema>

export const TestConnectionResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    featureEnabled: z.boolean(),
    regions: z.array(z.object({ slug: z.string(), name: z.string(), kmsAvailable: z.boolean() })),
    latencyMs: z.number()
  }),
  z.object({ ok: z.literal(false), error: AppErrorSchema })
])
export type TestConnectionResult = z.infer<typeof TestConnectionResultSchema>
