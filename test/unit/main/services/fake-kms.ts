/**
 * A small loopback fake of the Thalassa KMS API (reference §1–§9 wire format) for client tests.
 * Not the sandbox: its "crypto" is a reversible encoding. It can inject faults (503, 502, 429,
 * connection resets) at a seeded rate and can lose the response of a create after committing it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import { createHash, randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { seeded } from '../../../support/seeded'

type FaultKind = '503' | '502' | '504' | '429' | 'reset'
export interface FaultOptions {
  rate: number
  kinds: FaultKind[]
  seed?: number
  match?: RegExp
  retryAfter?: string
  limit?: number
}

export interface FakeKmsOptions {
  tokens?: Record<string, 'admin' | 'reader'>
  clients?: Record<string, string>
  tokenTtlSeconds?: number
  faults?: FaultOptions
  numericVersions?: boolean
  delayMs?: number
  /** Serve HTTPS with this key and certificate (PEM). */
  tls?: { key: string; cert: string }
}

interface Key {
  identity: string
  name: string
  slug: string
  keyType: string
  status: string
  exportAllowed: boolean
  keyRotationEnabled: boolean
  rotationPeriodInDays: number | null
  latestVersion: number
  deletionScheduledAt: string | null
  createdAt: string
  updatedAt: string
  objectVersion: number
  scope: string
  description?: string
}

const SYM = ['aes128-gcm96', 'aes256-gcm96', 'chacha20-poly1305']
const ASYM = ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521', 'ed25519']
const HMAC = ['hmac', 'hmac-sha256', 'hmac-sha512']
const REGIONS: Record<string, boolean> = { 'nl-01': true, 'nl-02': true, 'de-01': false }

export class FakeKms {
  readonly keys = new Map<string, Key>()
  readonly requests: Array<{ method: string; path: string; headers: IncomingMessage['headers']; body: string }> = []
  readonly stats = { faults: 0, tokensIssued: 0, creates: 0 }
  loseNextCreateResponse = false
  opts: FakeKmsOptions
  #server: Server
  #rand: () => number
  #bearer = new Map<string, 'admin' | 'reader'>()
  url = ''

  constructor(opts: FakeKmsOptions = {}) {
    this.opts = opts
    this.#rand = seeded(opts.faults?.seed ?? 1)
    const handler = (req: IncomingMessage, res: ServerResponse): void => void this.#handle(req, res)
    this.#server = opts.tls ? createTlsServer(opts.tls, handler) : createServer(handler)
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.#server.listen(0, '127.0.0.1', r))
    this.url = `${this.opts.tls ? 'https' : 'http'}://127.0.0.1:${(this.#server.address() as AddressInfo).port}`
    return this
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections()
    await new Promise<void>((r) => this.#server.close(() => r()))
  }

  setFaults(f: FaultOptions | undefined): void {
    this.opts = { ...this.opts, faults: f }
    this.#rand = seeded(f?.seed ?? 1)
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = Buffer.concat(chunks).toString()
    const url = new URL(req.url ?? '/', 'http://x')
    this.requests.push({ method: req.method ?? '', path: url.pathname + url.search, headers: req.headers, body })
    if (this.opts.delayMs) await new Promise((r) => setTimeout(r, this.opts.delayMs))
    const f = this.opts.faults
    if (
      f &&
      (!f.match || f.match.test(url.pathname)) &&
      (f.limit === undefined || this.stats.faults < f.limit) &&
      this.#rand() < f.rate
    ) {
      this.stats.faults++
      const kind = f.kinds[Math.floor(this.#rand() * f.kinds.length)] ?? '503'
      if (kind === 'reset') return void req.socket.destroy()
      const headers: Record<string, string> = { 'content-type': 'text/html' }
      if (f.retryAfter) headers['retry-after'] = f.retryAfter
      res.writeHead(Number(kind), headers)
      return void res.end('<html>upstream unavailable</html>')
    }
    try {
      const [status, out] = this.#route(req, url, body)
      if (status === 201 && this.loseNextCreateResponse) {
        this.loseNextCreateResponse = false
        return void req.socket.destroy()
      }
      if (status === 204) return void res.writeHead(204).end()
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(out))
    } catch (e) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: String(e) }))
    }
  }

  #role(req: IncomingMessage): 'admin' | 'reader' | undefined {
    const m = /^(Token|Bearer) (.+)$/.exec(req.headers.authorization ?? '')
    if (!m?.[2]) return undefined
    const tokens = this.opts.tokens ?? { tc_pat_sandbox_admin: 'admin', tc_pat_sandbox_reader: 'reader' }
    return tokens[m[2]] ?? this.#bearer.get(m[2])
  }

  #route(req: IncomingMessage, url: URL, body: string): [number, unknown] {
    const p = url.pathname
    const m = req.method ?? 'GET'
    if (p === '/oidc/token' && m === 'POST') return this.#token(body)
    const role = this.#role(req)
    if (!role) return [401, { message: 'invalid or missing credentials' }]
    if (p === '/v1/me/organisation-memberships')
      return [200, [{ organisation: { identity: 'org-1', name: 'Sandbox', slug: 'sandbox' }, role: 'OWNER' }]]
    if (p === '/v1/projects')
      return [
        200,
        [
          { identity: 'prj-a', name: 'Alpha', slug: 'alpha' },
          { identity: 'prj-b', name: 'Beta', slug: 'beta' }
        ]
      ]
    const org = req.headers['x-organisation-identity']
    if (!org) return [400, { message: 'X-Organisation-Identity header is required' }]
    if (org === 'no-kms') return [403, { message: 'KMS feature is not enabled for this organisation' }]
    if (p === '/v1/kms/summary') return [200, this.#summary()]
    const r = /^\/v1\/kms\/([^/]+)\/(keys|wrapping-key)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(p)
    if (!r) return [404, { message: 'not found' }]
    const [, region = '', coll, id, op] = r
    if (!(region in REGIONS)) return [404, { message: `region ${region} not found` }]
    if (!REGIONS[region]) return [503, { message: `KMS is not available in region ${region}` }]
    const scope = `${org}/${region}/${String(req.headers['x-project-identity'] ?? '')}`
    if (coll === 'wrapping-key')
      return role === 'admin'
        ? [
            200,
            { publicKey: '-----BEGIN PUBLIC KEY-----\nFAKE\n-----END PUBLIC KEY-----\n', algorithm: 'RSA-OAEP-4096' }
          ]
        : [404, { message: 'not found' }]
    if (!id)
      return m === 'POST'
        ? role === 'admin'
          ? this.#create(scope, body)
          : [404, { message: 'not found' }]
        : [200, this.#list(scope, url.searchParams)]
    const key = [...this.keys.values()].find((k) => k.scope === scope && (k.identity === id || k.slug === id))
    if (!key) return [404, { message: `key ${decodeURIComponent(id)} not found` }]
    const readOnly = m === 'GET' && (!op || op === 'public-key')
    if (role !== 'admin' && !readOnly) return [404, { message: `key ${decodeURIComponent(id)} not found` }]
    return this.#keyOp(key, m, op, body, url.searchParams)
  }

  #token(body: string): [number, unknown] {
    const f = new URLSearchParams(body)
    const clients = this.opts.clients ?? { 'sandbox-sa': 'sandbox-sa-secret' }
    const id = f.get('client_id') ?? ''
    if (
      f.get('grant_type') !== 'client_credentials' ||
      clients[id] === undefined ||
      clients[id] !== f.get('client_secret')
    )
      return [401, { error: 'invalid_client', message: 'invalid client credentials' }]
    const tok = 'at_' + randomBytes(12).toString('hex')
    this.#bearer.set(tok, 'admin')
    this.stats.tokensIssued++
    return [200, { access_token: tok, token_type: 'Bearer', expires_in: this.opts.tokenTtlSeconds ?? 3600 }]
  }

  /** Revoke every bearer token issued so far (simulates expiry on the server side). */
  revokeBearerTokens(): void {
    this.#bearer.clear()
  }

  #summary(): unknown {
    return {
      featureEnabled: true,
      regions: Object.entries(REGIONS).map(([slug, ok]) => ({
        identity: `reg-${slug}`,
        name: slug.toUpperCase(),
        slug,
        kmsAvailable: ok,
        totalKeys: 0,
        activeKeys: 0,
        disabledKeys: 0,
        pendingDeletionKeys: 0
      }))
    }
  }

  #list(scope: string, q: URLSearchParams): unknown[] {
    return [...this.keys.values()]
      .filter((k) => k.scope === scope)
      .filter((k) => ['identity', 'name', 'slug'].every((f) => !q.get(f) || q.get(f) === k[f as 'name']))
      .map((k) => this.#view(k))
  }

  #view(k: Key): unknown {
    const { scope: _s, ...rest } = k
    void _s
    return {
      ...rest,
      versions: Array.from({ length: k.latestVersion }, (_, i) => ({
        version: i + 1,
        status: 'active',
        createdAt: k.createdAt
      })),
      minDecryptionVersion: 1
    }
  }

  #create(scope: string, body: string): [number, unknown] {
    const b = JSON.parse(body) as { name?: string; keyType?: string; exportAllowed?: boolean; description?: string }
    if (!b.name) return [400, { message: 'name is required' }]
    const type = b.keyType ?? 'aes256-gcm96'
    if (![...SYM, ...ASYM, ...HMAC].includes(type)) return [400, { message: `invalid keyType ${type}` }]
    const slug = b.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')
    if ([...this.keys.values()].some((k) => k.scope === scope && k.slug === slug))
      return [409, { message: `a key with slug ${slug} already exists` }]
    const now = new Date().toISOString()
    const key: Key = {
      identity: 'kms-' + randomBytes(6).toString('hex'),
      name: b.name,
      slug,
      keyType: type,
      status: 'active',
      exportAllowed: b.exportAllowed ?? false,
      keyRotationEnabled: false,
      rotationPeriodInDays: null,
      latestVersion: 1,
      deletionScheduledAt: null,
      createdAt: now,
      updatedAt: now,
      objectVersion: 1,
      scope,
      description: b.description
    }
    this.keys.set(key.identity, key)
    this.stats.creates++
    return [201, this.#view(key)]
  }

  #v(n: number): string | number {
    return this.opts.numericVersions ? n : String(n)
  }

  #keyOp(k: Key, m: string, op: string | undefined, body: string, q: URLSearchParams): [number, unknown] {
    const b = (body ? JSON.parse(body) : {}) as Record<string, unknown>
    const touch = (): [number, unknown] => {
      k.updatedAt = new Date().toISOString()
      k.objectVersion++
      return [200, this.#view(k)]
    }
    if (!op) {
      if (m === 'GET') return [200, this.#view(k)]
      if (m === 'DELETE') {
        k.status = 'pending_deletion'
        k.deletionScheduledAt = new Date(Date.now() + 30 * 864e5).toISOString()
        return touch()
      }
    }
    switch (`${m} ${op}`) {
      case 'DELETE cancel-deletion':
        if (k.status !== 'pending_deletion') return [400, { message: 'key is not pending deletion' }]
        k.status = 'active'
        k.deletionScheduledAt = null
        return touch()
      case 'POST disable':
        k.status = 'disabled'
        return touch()
      case 'POST enable':
        if (k.status === 'pending_deletion') return [400, { message: 'key is pending deletion' }]
        k.status = 'active'
        return touch()
      case 'POST rotate':
        k.latestVersion++
        return touch()
      case 'PATCH rotation':
        k.keyRotationEnabled = Boolean(b.keyRotationEnabled)
        k.rotationPeriodInDays = (b.rotationPeriodInDays as number) ?? null
        return touch()
      case 'GET public-key':
        return ASYM.includes(k.keyType)
          ? [
              200,
              { keys: { [q.get('version') ?? '1']: '-----BEGIN PUBLIC KEY-----\nFAKE\n-----END PUBLIC KEY-----\n' } }
            ]
          : [400, { message: `operation not supported for key type ${k.keyType}` }]
      case 'POST export':
        return k.exportAllowed
          ? [200, { keyMaterial: randomBytes(32).toString('base64'), keyVersion: this.#v(k.latestVersion) }]
          : [400, { message: 'export not allowed for this key' }]
    }
    if (k.status !== 'active') return [400, { message: `key is ${k.status}` }]
    const family =
      SYM.includes(k.keyType) || k.keyType.startsWith('rsa') ? 'enc' : HMAC.includes(k.keyType) ? 'hmac' : 'sig'
    const need: Record<string, string> = {
      encrypt: 'enc',
      decrypt: 'enc',
      sign: 'sig',
      verify: 'sig',
      hmac: 'hmac',
      'verify-hmac': 'hmac'
    }
    if (!op || !need[op]) return [404, { message: 'not found' }]
    if (need[op] !== family && !(k.keyType.startsWith('rsa') && need[op] === 'sig'))
      return [400, { message: `operation ${op} not supported for key type ${k.keyType}` }]
    const tag = (input: unknown): string =>
      createHash('sha256')
        .update(k.identity + String(input))
        .digest('base64')
    const v = k.latestVersion
    switch (op) {
      case 'encrypt':
        return [
          200,
          {
            ciphertext: `thalassa:v${v}:` + Buffer.from('fake:' + String(b.plaintext)).toString('base64'),
            keyVersion: this.#v(v)
          }
        ]
      case 'decrypt': {
        const mm = /^thalassa:v(\d+):(.+)$/.exec(String(b.ciphertext))
        const raw = mm?.[2] ? Buffer.from(mm[2], 'base64').toString() : ''
        if (!raw.startsWith('fake:')) return [400, { message: 'invalid ciphertext' }]
        return [200, { plaintext: raw.slice(5), keyVersion: this.#v(Number(mm?.[1])) }]
      }
      case 'sign':
        return [200, { signature: `thalassa:v${v}:${tag(b.input)}`, keyVersion: this.#v(v) }]
      case 'verify':
        return [200, { valid: String(b.signature).endsWith(':' + tag(b.input)) }]
      case 'hmac':
        return [200, { hmac: `thalassa:v${v}:${tag(b.input)}`, keyVersion: this.#v(v) }]
      default:
        return [200, { valid: String(b.hmac).endsWith(':' + tag(b.input)), keyVersion: this.#v(v) }]
    }
  }
}
