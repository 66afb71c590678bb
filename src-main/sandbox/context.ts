import type { Authenticator, Principal } from './auth'
import type { Clock } from './clock'
import type { Access, SandboxConfig } from './config'
import type { KeyService, Scope } from './keys'
import type { OrgView } from './key-view'
import type { BodySpec } from './request-schemas'
import type { SandboxStore } from './store'
import { parseBody } from './validate'

export interface Deps {
  config: SandboxConfig
  store: SandboxStore
  keys: KeyService
  auth: Authenticator
  clock: Clock
  /** When the sandbox started: createdAt of configured organisations and projects. */
  startedAt: string
  /** Today's older tolerance instead of the SDK-exact checks (docs/sandbox.md, "Strict mode"). */
  lenient: boolean
}

export type OrgConfig = SandboxConfig['organisations'][number] & { identity: string }

/** What the IAM permission model of the reference (§8) asks for each action. */
export type Permission = 'read' | 'create' | 'update' | 'delete'

export const allows = (access: Access, p: Permission): boolean => access === 'full' || p === 'read'

export interface KmsCtx {
  deps: Deps
  principal: Principal
  org: OrgConfig
  orgView: OrgView
  scope: Scope
  params: Record<string, string>
  query: URLSearchParams
  body: unknown
}

export interface Reply {
  status: number
  body: unknown
}

type KmsHandler = (ctx: KmsCtx) => Promise<Reply> | Reply

export interface KmsRoute {
  method: string
  /** Path segments after /v1/kms/{region}; `:name` captures. */
  path: string
  permission: Permission
  /** The endpoint takes no request body (the SDK sends none): strict mode refuses one. */
  noBody?: boolean
  handler: KmsHandler
}

export const ok = (body: unknown): Reply => ({ status: 200, body })

/** The request body parsed with the schema of the sandbox's mode. */
export const bodyOf = <T>(c: KmsCtx, spec: BodySpec<T>): T => parseBody(spec, c.body, c.deps.lenient)
