import { createPrivateKey } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Authenticator } from './auth'
import { installWrappingKey } from './byok'
import { systemClock, type Clock } from './clock'
import { FaultsSchema, loadConfig, type Faults, type SandboxConfig } from './config'
import type { Deps } from './context'
import { dispatch } from './dispatch'
import { HttpError } from './errors'
import { sendJson } from './http-util'
import { KeyService } from './keys'
import type { KeyPairSource } from './keygen'
import { hostAllowList, wellEncoded } from './request-guard'
import { SandboxStore } from './store'

export interface SandboxOptions {
  dataDir: string
  host?: string
  port?: number
  config?: Partial<SandboxConfig>
  configPath?: string
  clock?: Clock
  /** How often the rotation/purge job runs; the service checks hourly. 0 disables the timer. */
  schedulerIntervalMs?: number
  /** The dice for injected faults (tests pass a seeded generator); defaults to Math.random. */
  random?: () => number
  /**
   * Accept more than the vendor SDK sends (unknown fields, numeric keyVersion, Bearer PATs, project
   * slugs, `?project=`, region identities, bodies without a JSON content type), for exploring only.
   * Off by default: the strict sandbox refuses anything the real API is not known to accept.
   */
  lenient?: boolean
  /** Where new key pairs come from; fresh from OpenSSL unless a test hands out pre-made ones. */
  keyPairs?: KeyPairSource
}

export interface SandboxHandle {
  url: string
  /** Whether the sandbox runs in lenient mode (strict is the default). */
  lenient: boolean
  port: number
  clock: Clock
  setFaults(f: Partial<Faults>): void
  /** Requests received per key operation (`encrypt`, `decrypt`, …), injected faults included. */
  requests(): Record<string, number>
  /** Run the rotation/purge job now (tests advance a manual clock, then call this). */
  runScheduler(): Promise<void>
  /**
   * Make this RSA-4096 private key (PEM) the region's BYOK wrapping key, before anything asked for
   * it: tests reuse one key instead of generating a 4096-bit key (seconds of CPU) in every run.
   */
  presetWrappingKey(region: string, privateKeyPem: string): Promise<void>
  close(): Promise<void>
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/**
 * Refusals before any routing: a Host header that is not this sandbox (DNS rebinding from a web
 * page) and a request target with broken %-escapes. Both answer and close the connection.
 */
async function refuseEarly(
  req: IncomingMessage,
  res: ServerResponse,
  hostAllowed: (h: string | undefined) => boolean
): Promise<boolean> {
  let refusal: [number, string] | undefined
  if (!hostAllowed(req.headers.host))
    refusal = [
      421,
      `this sandbox does not answer for host ${JSON.stringify((req.headers.host ?? '').slice(0, 100))}; use 127.0.0.1, localhost or [::1] with its port`
    ]
  else if (!wellEncoded(req.url ?? '/')) refusal = [400, 'malformed percent-encoding in the request path or query']
  if (!refusal) return false
  res.setHeader('connection', 'close')
  await sendJson(res, refusal[0], { message: refusal[1] })
  return true
}

/** The operation of a key operation path (`/v1/kms/{region}/keys/{id}/{op}`), for the request counters. */
export function keyOperation(url: string | undefined): string | undefined {
  return /^\/v1\/kms\/[^/]+\/keys\/[^/?]+\/([a-z-]+)(?:\?|$)/.exec(url ?? '')?.[1]
}

function retryAfter(faults: Faults): Record<string, string> {
  const s = faults.retryAfterSeconds
  if (s === undefined) return {}
  return { 'retry-after': faults.retryAfterAsDate ? new Date(Date.now() + s * 1000).toUTCString() : String(s) }
}

/** Whether this request gets an injected error: the burst first (it counts down), then the dice. */
function injectError(faults: Faults, random: () => number): boolean {
  if (faults.errorBurst > 0) {
    faults.errorBurst--
    return true
  }
  return faults.errorRate > 0 && random() < faults.errorRate
}

async function handle(
  deps: Deps,
  faults: Faults,
  random: () => number,
  req: IncomingMessage,
  res: ServerResponse
): Promise<void> {
  if (faults.resetRate > 0 && random() < faults.resetRate) {
    req.socket.resetAndDestroy()
    return
  }
  if (faults.latencyMs > 0) await sleep(faults.latencyMs)
  if (injectError(faults, random)) {
    req.resume()
    for (const [k, v] of Object.entries(retryAfter(faults))) res.setHeader(k, v)
    await sendJson(
      res,
      faults.errorStatus,
      { message: `injected fault: the sandbox answered ${faults.errorStatus} on purpose (faults)` },
      faults.slowBodyMs
    )
    return
  }
  let status: number
  let body: unknown
  try {
    ;({ status, body } = await dispatch(deps, req))
  } catch (e) {
    if (e instanceof HttpError) {
      ;[status, body] = [e.status, { message: e.message }]
      // The rest of an oversized body is not read: the connection closes after the answer.
      if (e.status === 413) res.setHeader('connection', 'close')
    } else if (e instanceof URIError) {
      ;[status, body] = [400, { message: 'malformed percent-encoding in the request' }]
    } else if (req.socket.destroyed) {
      // The client went away mid-request (a cancelled call): nobody to answer, nothing went wrong here.
      return
    } else {
      // Never echo internals (they could carry material); the operator sees the stack on stderr.
      console.error('sandbox: internal error', e)
      ;[status, body] = [500, { message: 'internal sandbox error; see the sandbox console' }]
    }
    if (status !== 413) req.resume()
  }
  if (faults.resetAfterHandlingRate > 0 && random() < faults.resetAfterHandlingRate) {
    // The work is done (a created key exists) but the client never learns it: an ambiguous failure.
    req.socket.resetAndDestroy()
    return
  }
  await sendJson(res, status, body, faults.slowBodyMs)
}

/** Start the sandbox KMS on host:port (default 127.0.0.1:0) with state in `dataDir`. */
export async function startSandbox(opts: SandboxOptions): Promise<SandboxHandle> {
  const clock = opts.clock ?? systemClock
  const config = await loadConfig(opts.configPath, opts.config)
  const store = await SandboxStore.open(opts.dataDir, () => clock.now())
  const keys = new KeyService(store, clock, opts.keyPairs)
  const deps: Deps = {
    config,
    store,
    keys,
    clock,
    auth: new Authenticator(config, store.deriveSecret('access-token'), clock),
    startedAt: clock.now().toISOString(),
    lenient: opts.lenient === true
  }
  // One object, mutated in place by setFaults, so a burst counts down across requests.
  const faults: Faults = { ...config.faults }
  const random = opts.random ?? Math.random
  const counts = new Map<string, number>()

  let hostAllowed: (h: string | undefined) => boolean = () => false
  const server = createServer((req, res) => {
    const op = keyOperation(req.url)
    if (op) counts.set(op, (counts.get(op) ?? 0) + 1)
    refuseEarly(req, res, hostAllowed)
      .then((refused) => (refused ? undefined : handle(deps, faults, random, req, res)))
      .catch((e: unknown) => {
        console.error('sandbox: failed to answer', e)
        res.destroy()
      })
  })
  // Long keep-alive, like a production front end: a short one races clients reusing a socket the
  // server is closing (ECONNRESET on a non-retryable POST) when the machine is busy.
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const host = opts.host ?? '127.0.0.1'
  hostAllowed = hostAllowList(host, port)

  // Serialise scheduler runs with each other; a run that fails is logged, not fatal.
  let schedulerChain: Promise<void> = Promise.resolve()
  const runScheduler = (): Promise<void> => {
    const run = schedulerChain.then(() => keys.runScheduler())
    schedulerChain = run.catch(() => undefined)
    return run
  }
  const interval = opts.schedulerIntervalMs ?? 3_600_000
  const timer =
    interval > 0
      ? setInterval(
          () => void runScheduler().catch((e: unknown) => console.error('sandbox: scheduler failed', e)),
          interval
        )
      : undefined
  timer?.unref()

  let closing: Promise<void> | undefined
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    lenient: deps.lenient,
    port,
    clock,
    setFaults(f: Partial<Faults>) {
      Object.assign(faults, FaultsSchema.parse({ ...faults, ...f }))
    },
    requests: () => Object.fromEntries(counts),
    runScheduler,
    presetWrappingKey: (region, pem) => installWrappingKey(store, region, createPrivateKey(pem), () => clock.now()),
    close() {
      closing ??= (async () => {
        if (timer) clearInterval(timer)
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        await schedulerChain
        await store.flush()
      })()
      return closing
    }
  }
}
