import { readFile } from 'node:fs/promises'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { stableIdentity } from './ids'

export const FaultsSchema = z.object({
  /** Delay before each request is handled. */
  latencyMs: z.number().int().min(0).default(0),
  /** Probability (0–1) that a request fails with `errorStatus`. */
  errorRate: z.number().min(0).max(1).default(0),
  errorStatus: z.union([z.literal(429), z.literal(500), z.literal(503)]).default(503),
  /** The next this many requests fail with `errorStatus` (a burst, e.g. a rate limit), then none. */
  errorBurst: z.number().int().min(0).default(0),
  /** Retry-After sent with injected faults, in seconds; omitted when unset. */
  retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
  /** Send Retry-After as an HTTP date (now + retryAfterSeconds) instead of seconds. */
  retryAfterAsDate: z.boolean().default(false),
  /** Probability (0–1) that the connection is reset instead of answered. */
  resetRate: z.number().min(0).max(1).default(0),
  /** Probability (0–1) that a request is handled (its effects kept) but the answer is lost to a reset. */
  resetAfterHandlingRate: z.number().min(0).max(1).default(0),
  /** When > 0, the response body is trickled out over this many milliseconds. */
  slowBodyMs: z.number().int().min(0).default(0)
})
export type Faults = z.infer<typeof FaultsSchema>

const AccessSchema = z.enum(['full', 'read'])
export type Access = z.infer<typeof AccessSchema>

const GrantSchema = z.object({ organisation: z.string().min(1), access: AccessSchema })

const SandboxConfigSchema = z.object({
  organisations: z
    .array(
      z.object({
        slug: z.string().min(1),
        name: z.string().min(1),
        kmsEnabled: z.boolean(),
        projects: z.array(z.object({ slug: z.string().min(1), name: z.string().min(1) })).default([])
      })
    )
    .min(1),
  regions: z.array(z.object({ slug: z.string().min(1), name: z.string().min(1), kmsAvailable: z.boolean() })).min(1),
  personalAccessTokens: z.array(
    z.object({ name: z.string().min(1), token: z.string().min(8), grants: z.array(GrantSchema) })
  ),
  serviceAccounts: z.array(
    z.object({
      clientId: z.string().min(1),
      clientSecret: z.string().min(8),
      grants: z.array(GrantSchema),
      tokenLifetimeSeconds: z.number().int().min(1).max(86_400).default(3600)
    })
  ),
  faults: FaultsSchema.default(FaultsSchema.parse({}))
})
export type SandboxConfig = z.infer<typeof SandboxConfigSchema>

/** The documented local test credentials (not secrets: they only open the local sandbox). */
export const SANDBOX_CREDENTIALS = {
  adminPat: 'tc_pat_sandbox_admin',
  readerPat: 'tc_pat_sandbox_reader',
  clientId: 'sandbox-sa',
  clientSecret: 'sandbox-sa-secret',
  organisation: 'sandbox',
  noKmsOrganisation: 'no-kms',
  projects: ['alpha', 'beta'],
  regions: ['nl-01', 'nl-02'],
  unavailableRegion: 'de-01'
}

const C = SANDBOX_CREDENTIALS
const both = (access: Access) => [
  { organisation: C.organisation, access },
  { organisation: C.noKmsOrganisation, access }
]

export function defaultConfig(): SandboxConfig {
  const projects = C.projects.map((p) => ({ slug: p, name: p[0]!.toUpperCase() + p.slice(1) }))
  return SandboxConfigSchema.parse({
    organisations: [
      { slug: C.organisation, name: 'Sandbox', kmsEnabled: true, projects },
      { slug: C.noKmsOrganisation, name: 'No KMS', kmsEnabled: false, projects }
    ],
    regions: [
      ...C.regions.map((r) => ({ slug: r, name: `Sandbox ${r}`, kmsAvailable: true })),
      { slug: C.unavailableRegion, name: `Sandbox ${C.unavailableRegion}`, kmsAvailable: false }
    ],
    personalAccessTokens: [
      { name: 'sandbox-admin', token: C.adminPat, grants: both('full') },
      { name: 'sandbox-reader', token: C.readerPat, grants: both('read') }
    ],
    serviceAccounts: [{ clientId: C.clientId, clientSecret: C.clientSecret, grants: both('full') }]
  })
}

/** Defaults, overlaid by the config file (JSON or YAML), overlaid by options; top-level keys replace. */
export async function loadConfig(
  configPath: string | undefined,
  overrides: Partial<SandboxConfig> | undefined
): Promise<SandboxConfig> {
  let fromFile: Record<string, unknown> = {}
  if (configPath !== undefined) {
    const text = await readFile(configPath, 'utf8')
    let parsed: unknown
    try {
      parsed = configPath.endsWith('.json') ? JSON.parse(text) : parseYaml(text)
    } catch (e) {
      throw new Error(
        `sandbox config ${configPath} is not valid ${configPath.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message}`
      )
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error(`sandbox config ${configPath} must be an object with keys such as organisations, regions, faults`)
    }
    fromFile = parsed as Record<string, unknown>
  }
  const merged = { ...defaultConfig(), ...fromFile, ...(overrides ?? {}) }
  const result = SandboxConfigSchema.safeParse(merged)
  if (!result.success) {
    const where = configPath ?? 'options.config'
    throw new Error(`sandbox config (${where}) is invalid: ${z.prettifyError(result.error)}`)
  }
  return result.data
}

export const orgIdentity = (slug: string): string => stableIdentity('org', slug)
export const projectIdentity = (org: string, slug: string): string => stableIdentity('prj', `${org}/${slug}`)
export const regionIdentity = (slug: string): string => stableIdentity('region', slug)
