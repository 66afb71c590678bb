import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
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
import { pooledKeyPairs } from '../../support/key-pool'

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
  dataDir?: string
  /** Stands in for main's native dialogs (open, save, confirm): they answer from these queues. */
  dialogs?: HeadlessAnswers
}

interface Frame {
  id: number
  channel: string
  payload: unknown
}

/*
 * The renderer's hashed assets may be cached: with one origin per worker the browser then keeps the
 * 0.8 MB bundle and its compiled code between tests instead of fetching and compiling it per test.
 */
const IMMUTABLE = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.(js|css)$/

// axe-core for the accessibility checks, from the page's own origin (the CSP allows 'self' scripts)
// and cacheable, so its 0.6 MB are compiled once per worker rather than once per page.
export const AXE_PATH = '/__test/axe.min.js'
const axeFile = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

async function sendStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.url === AXE_PATH) {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'max-age=86400' })
    return void res.end(await readFile(axeFile))
  }
  const response = await serveApp(root, new Request(`app://kms${req.url ?? '/'}`))
  const headers = Object.fromEntries(response.headers.entries())
  if (response.status === 200 && IMMUTABLE.test(req.url ?? '')) headers['cache-control'] = 'max-age=86400, immutable'
  res.writeHead(response.status, headers)
  res.end(Buffer.from(await response.arrayBuffer()))
}

/**
 * One http server per Playwright worker: the origin stays the same from test to test. Each test
 * attaches its own bridge (core, sandbox, data folder); page connections go to the bridge attached
 * when they open, so a page left over from a test never reaches the next one's core.
 */
export interface BridgeHost {
  url: string
  attach(o?: BridgeOptions): Promise<Bridge>
  close(): Promise<void>
}

type Dispatch = ReturnType<typeof createDispatcher>

export async function startHost(): Promise<BridgeHost> {
  const root = resolve('out/renderer')
  const http = createServer((req, res) => void sendStatic(root, req, res))
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  const wss = new WebSocketServer({ server: http, path: '/bridge' })
  let current: { dispatch: Dispatch; sockets: Set<WebSocket> } | undefined

  wss.on('connection', (socket: WebSocket, req: IncomingMessage) => {
    const target = current
    if (!target) return socket.terminate()
    target.sockets.add(socket)
    // The browser sets Origin on the upgrade: it stands in for the sender frame's URL.
    const frameUrl = req.headers.origin ? `${req.headers.origin}/` : undefined
    const emit = (event: string, payload: unknown) => socket.send(JSON.stringify({ event, payload }))
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame
      void target
        .dispatch(frame.channel, { frameUrl, isMainFrame: true }, frame.payload, { emit })
        .then((result) => socket.send(JSON.stringify({ id: frame.id, result })))
    })
  })

  return {
    url: origin,
    async attach(o = {}) {
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
      // Egress checked as in dev: an answer or event outside the contract fails the call and is printed.
      const dispatch = createDispatcher(createHandlers(core), {
        isTrustedOrigin: (url) => new URL(url).origin === origin,
        checkEgress: true,
        onError: (channel, error) => {
          if (error instanceof Error && /contract/.test(error.message))
            console.error(`[bridge] ${channel}: ${error.message}`)
        }
      })
      const mine = { dispatch, sockets: new Set<WebSocket>() }
      current = mine
      return {
        url: origin,
        core,
        dataDir,
        platform,
        async close() {
          if (current === mine) current = undefined
          for (const c of mine.sockets) c.terminate()
          await core.close()
          // Retries: a last activity or index write may still be landing as the core closes.
          if (ownsDataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
        }
      }
    },
    async close() {
      for (const c of wss.clients) c.terminate()
      await new Promise<void>((r) => wss.close(() => r()))
      await new Promise<void>((r) => http.close(() => r()))
    }
  }
}

/** A host of its own with one bridge attached; closing the bridge closes the host. */
export async function startBridge(o: BridgeOptions = {}): Promise<Bridge> {
  const host = await startHost()
  const bridge = await host.attach(o)
  return {
    ...bridge,
    async close() {
      await bridge.close()
      await host.close()
    }
  }
}
