import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { DEFAULT_API_ENDPOINT } from '@contract/schemas/profiles'
import { AppFailure } from '../kms/errors'
import { pickAuth, type Env, type ImportCandidate } from './tcloud-env'

// The environment half lives apart, so reading THALASSA_* never loads the YAML parser.
export { candidateFromEnv, type Env, type ImportCandidate } from './tcloud-env'

/** The parts of tcloud's `~/.tcloud` we read (reference §9; thalassa-cloud/cli contextstate). */
const TcloudConfigSchema = z
  .object({
    contexts: z
      .array(
        z
          .object({
            name: z.string(),
            context: z
              .object({
                api: z.string().optional(),
                user: z.string().optional(),
                organisation: z.string().optional(),
                project: z.string().optional()
              })
              .loose()
          })
          .loose()
      )
      .nullish(),
    'current-context': z.string().nullish(),
    servers: z
      .array(
        z.object({ name: z.string(), api: z.object({ server: z.string().optional() }).loose().optional() }).loose()
      )
      .nullish(),
    users: z
      .array(
        z
          .object({
            name: z.string(),
            credentialStore: z.string().optional(),
            user: z
              .object({
                token: z.string().optional(),
                accessToken: z.string().optional(),
                clientID: z.string().optional(),
                clientSecret: z.string().optional()
              })
              .loose()
              .nullish()
          })
          .loose()
      )
      .nullish()
  })
  .loose()

/** THALASSA_CONFIG (or THALASSACONFIG) overrides `~/.tcloud`, as in the tcloud CLI. */
export function tcloudConfigPath(env: Env, home: string): string {
  return env.THALASSA_CONFIG || env.THALASSACONFIG || join(home, '.tcloud')
}

export function parseTcloudConfig(text: string, source = '~/.tcloud'): ImportCandidate[] {
  let doc: unknown
  try {
    doc = parseYaml(text)
  } catch (e) {
    const line = (e as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line
    throw new AppFailure({
      code: 'bad_input',
      message: `${source} is not valid YAML${line ? ` (line ${line})` : ''}`,
      hint: 'Fix the file with the tcloud CLI (tcloud context list) or import the profile by hand.'
    })
  }
  const r = TcloudConfigSchema.safeParse(doc ?? {})
  if (!r.success)
    throw new AppFailure({
      code: 'bad_input',
      message: `${source} does not look like a tcloud config (${r.error.issues[0]?.path.join('.') || 'root'})`,
      hint: 'Point THALASSA_CONFIG at a tcloud config file, or create the profile by hand.'
    })
  const cfg = r.data
  const servers = new Map((cfg.servers ?? []).map((s) => [s.name, s.api?.server]))
  const users = new Map((cfg.users ?? []).map((u) => [u.name, u]))
  const out: ImportCandidate[] = []
  for (const c of cfg.contexts ?? []) {
    const org = c.context.organisation?.trim()
    if (!org) continue
    const user = c.context.user ? users.get(c.context.user) : undefined
    const picked = pickAuth(user?.user ?? {})
    const endpoint = (c.context.api && servers.get(c.context.api)) || DEFAULT_API_ENDPOINT
    out.push({
      source: 'tcloud',
      context: c.name,
      current: c.name === cfg['current-context'],
      input: {
        name: `tcloud: ${c.name}`,
        endpoint,
        organisation: org,
        ...(c.context.project ? { project: c.context.project } : {}),
        auth: picked?.auth ?? { kind: 'pat' }
      },
      ...(picked?.secret ? { secret: picked.secret } : {}),
      ...(!picked?.secret
        ? {
            note: user?.credentialStore
              ? `tcloud keeps this secret in its own ${user.credentialStore} entry; enter it once here.`
              : 'No credential in the tcloud config; enter it here.'
          }
        : {})
    })
  }
  return out
}

export async function readTcloudConfig(env: Env, home: string): Promise<ImportCandidate[]> {
  const path = tcloudConfigPath(env, home)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    throw new AppFailure({
      code: 'bad_input',
      message: `No tcloud config found at ${path}`,
      hint: 'Run "tcloud context login" first, or set THALASSA_CONFIG to the config file.'
    })
  }
  return parseTcloudConfig(text, path)
}
