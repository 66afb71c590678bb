import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { projectIdentity } from '../../../../src-main/sandbox/config'
import { pooledKeyPairs } from '../../../support/key-pool'
import {
  SANDBOX_CREDENTIALS,
  startSandbox,
  type SandboxHandle,
  type SandboxOptions
} from '../../../../src-main/sandbox/index'

export const C = SANDBOX_CREDENTIALS

export interface CallOptions {
  body?: unknown
  token?: string | null
  scheme?: 'Token' | 'Bearer'
  org?: string | null
  /** A project of the default organisation by slug (sent as its identity, as the API wants) or an identity. */
  project?: string
  headers?: Record<string, string>
}

interface CallResult {
  status: number
  body: Record<string, unknown> & { message?: string }
  list: Record<string, unknown>[]
}

export interface TestSandbox {
  sb: SandboxHandle
  dir: string
  call(method: string, path: string, o?: CallOptions): Promise<CallResult>
  /** A call under /v1/kms/nl-01 (or `region`) with the admin PAT unless told otherwise. */
  kms(method: string, path: string, o?: CallOptions & { region?: string }): Promise<CallResult>
  stop(): Promise<void>
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kms-sandbox-'))
}

export async function openSandbox(opts: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const dir = opts.dataDir ?? (await tempDir())
  const sb = await startSandbox({ schedulerIntervalMs: 0, keyPairs: pooledKeyPairs(), ...opts, dataDir: dir })
  const call = async (method: string, path: string, o: CallOptions = {}): Promise<CallResult> => {
    const headers: Record<string, string> = { accept: 'application/json', ...(o.headers ?? {}) }
    const token = o.token === undefined ? C.adminPat : o.token
    if (token !== null) headers.authorization = `${o.scheme ?? 'Token'} ${token}`
    const org = o.org === undefined ? C.organisation : o.org
    if (org !== null) headers['x-organisation-identity'] = org
    if (o.project)
      headers['x-project-identity'] = C.projects.includes(o.project)
        ? projectIdentity(C.organisation, o.project)
        : o.project
    let body: string | undefined
    if (o.body !== undefined) {
      headers['content-type'] = 'application/json'
      body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body)
    }
    const res = await fetch(`${sb.url}${path}`, { method, headers, body })
    const text = await res.text()
    const parsed: unknown = text ? JSON.parse(text) : {}
    return {
      status: res.status,
      body: (Array.isArray(parsed) ? {} : parsed) as CallResult['body'],
      list: (Array.isArray(parsed) ? parsed : []) as Record<string, unknown>[]
    }
  }
  return {
    sb,
    dir,
    call,
    kms: (method, path, o = {}) => call(method, `/v1/kms/${o.region ?? 'nl-01'}${path}`, o),
    async stop() {
      await sb.close()
      await rm(dir, { recursive: true, force: true })
    }
  }
}

export const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64')

let counter = 0
/** A unique key name per call so tests never collide on slugs. */
export const uniqueName = (prefix: string): string => `${prefix} ${process.pid} ${++counter}`

export type WireKey = Record<string, unknown> & {
  identity: string
  slug: string
  latestVersion: number
  status: string
}

export async function createKey(
  t: TestSandbox,
  keyType: string,
  extra: Record<string, unknown> = {},
  o: CallOptions & { region?: string } = {}
): Promise<WireKey> {
  const r = await t.kms('POST', '/keys', { ...o, body: { name: uniqueName(keyType), keyType, ...extra } })
  if (r.status !== 201) throw new Error(`create ${keyType} failed: ${r.status} ${r.body.message}`)
  return r.body as WireKey
}
