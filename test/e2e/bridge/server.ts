import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { serveApp } from '../../../src-main/app/serve-app'
import { createDispatcher } from '../../../src-main/ipc/dispatch'
import { createHandlers } from '../../../src-main/ipc/register'
import { createCore, type Core } from '../../../src-main/services/core'
import { headlessPlatform, type HeadlessAnswers, type Platform } from '../../../src-main/services/platform'
import { memoryBackend } from '../../../src-main/services/credentials/store'
import { pooledKeyPairs } from './key-pool'

/**
 * Test-only host for the real renderer: serves out/renderer over http on 127.0.0.1 and runs the
 * real handler table (same register + dispatch code as the app) behind a WebSocket.
 */
export interface Bridge {
  url: string
  core: Core
  dataDir: string
  platform: Platform & { clipboard: string }
  close(): Promise<void>
}

export interface BridgeOptions {
  rendererRoot?: string
  dataDir?: string
  /** Stands in for main's native dialogs (open, save, confirm): they answer from these queues. */
  dialogs?: HeadlessAnswers
}

interface Frame {
  id: number
  channel: string
  payload: unknown
}

async function sendStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const response = await serveApp(root, new Request(`app://kms${req.url ?? '/'}`))
  res.writeHead(response.status, Object.fromEntries(response.headers.entries()))
  res.end(Buffer.from(await response.arrayBuffer()))
}

export async function startBridge(o: BridgeOptions = {}): Promise<Bridge> {
  const root = o.rendererRoot ?? resolve('out/renderer')
  const ownsDataDir = o.dataDir === undefined
  const dataDir = o.dataDir ?? (await mkdtemp(join(tmpdir(), 'tkms-bridge-')))
  const platform = headlessPlatform(o.dialogs)
  // The keychain is tested against a real Secret Service on its own; the UI specs keep secrets in memory.
  const core = await createCore({
    dataDir,
    appName: 'Thalassa KMS Desktop',
    appVersion: '0.0.0-test',
    platform,
    secretBackend: memoryBackend(),
    env: {},
    home: dataDir,
    sandbox: { keyPairs: pooledKeyPairs() }
  })
  const http = createServer((req, res) => void sendStatic(root, req, res))
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  // Egress checked as in dev: an answer or event outside the contract fails the call and is printed.
  const dispatch = createDispatcher(createHandlers(core), {
    isTrustedOrigin: (url) => new URL(url).origin === origin,
    checkEgress: true,
    onError: (channel, error) => {
      if (error instanceof Error && /contract/.test(error.message))
        console.error(`[bridge] ${channel}: ${error.message}`)
    }
  })
  const wss = new WebSocketServer({ server: http, path: '/bridge' })

  wss.on('connection', (socket: WebSocket, req: IncomingMessage) => {
    // The browser sets Origin on the upgrade: it stands in for the sender frame's URL.
    const frameUrl = req.headers.origin ? `${req.headers.origin}/` : undefined
    const emit = (event: string, payload: unknown) => socket.send(JSON.stringify({ event, payload }))
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame
      void dispatch(frame.channel, { frameUrl, isMainFrame: true }, frame.payload, { emit }).then((result) =>
        socket.send(JSON.stringify({ id: frame.id, result }))
      )
    })
  })

  return {
    url: origin,
    core,
    dataDir,
    platform,
    async close() {
      for (const c of wss.clients) c.terminate()
      await new Promise<void>((r) => wss.close(() => r()))
      await new Promise<void>((r) => http.close(() => r()))
      await core.close()
      // Retries: a last activity or index write may still be landing as the core closes.
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
    }
  }
}
