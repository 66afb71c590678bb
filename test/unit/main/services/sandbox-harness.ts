/**
 * Shared setup for the client tests against the real sandbox: a sandbox on 127.0.0.1:0 in a temp
 * dir, a seeded fault dice, auth providers for both schemes, and a small forwarding proxy that can
 * answer in ways the sandbox never does (429, a body that is not the KMS's) for the error mapping.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Agent, request } from 'undici'
import {
  SANDBOX_CREDENTIALS,
  startSandbox,
  type SandboxHandle,
  type SandboxOptions
} from '../../../../src-main/sandbox/index'
import { KmsClient, type AuthProvider, type KmsClientOptions } from '../../../../src-main/services/kms/client'
import { ClientCredentialsAuth } from '../../../../src-main/services/profiles/auth'
import { pooledKeyPairs } from '../../../support/key-pool'

export const C = SANDBOX_CREDENTIALS

export interface Sandbox {
  sb: SandboxHandle
  dir: string
  stop(): Promise<void>
}

export async function openSandbox(opts: Partial<Omit<SandboxOptions, 'dataDir'>> = {}): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'kms-client-sandbox-'))
  const sb = await startSandbox({ schedulerIntervalMs: 0, keyPairs: pooledKeyPairs(), ...opts, dataDir: dir })
  return {
    sb,
    dir,
    async stop() {
      await sb.close()
      await rm(dir, { recursive: true, force: true })
    }
  }
}

export const patAuth = (token: string = C.adminPat): AuthProvider => ({ authorization: async () => `Token ${token}` })

/** Bearer via the sandbox's /oidc/token (client_credentials); `close` releases its dispatcher. */
export function serviceAccountAuth(
  url: string,
  secret: string = C.clientSecret
): ClientCredentialsAuth & { close(): Promise<void> } {
  const agent = new Agent()
  const auth = new ClientCredentialsAuth({
    endpoint: url,
    clientId: C.clientId,
    clientSecret: secret,
    dispatcher: agent
  })
  return Object.assign(auth, { close: () => agent.close() })
}

const noSleep = { sleep: async (): Promise<void> => undefined }

export function clientFor(url: string, o: Partial<KmsClientOptions> = {}): KmsClient {
  return new KmsClient({ endpoint: url, organisation: C.organisation, auth: patAuth(), retry: noSleep, ...o })
}

export const b64 = (s: string): string => Buffer.from(s).toString('base64')

/** An answer the proxy gives instead of forwarding. */
interface Injected {
  status: number
  body: string
  headers?: Record<string, string>
}

export interface FaultProxy {
  url: string
  /** Answers queued here are given (one per request) before requests are forwarded again. */
  queue: Injected[]
  /** Requests forwarded to the sandbox. */
  forwarded: number
  close(): Promise<void>
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c)
  return Buffer.concat(chunks)
}

/** A loopback reverse proxy in front of the sandbox. */
export async function faultProxy(target: string): Promise<FaultProxy> {
  const agent = new Agent()
  const state = { queue: [] as Injected[], forwarded: 0 }
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req)
      const injected = state.queue.shift()
      if (injected) {
        res.writeHead(injected.status, { 'content-type': 'application/json', ...injected.headers })
        res.end(injected.body)
        return
      }
      state.forwarded++
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k))
      ) as Record<string, string>
      const up = await request(target + (req.url ?? '/'), {
        method: req.method as 'GET',
        headers,
        body: body.length ? body : undefined,
        dispatcher: agent
      })
      const text = await up.body.text()
      res.writeHead(up.statusCode, { 'content-type': 'application/json' })
      res.end(text)
    })().catch(() => res.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await agent.close()
    }
  })
}
