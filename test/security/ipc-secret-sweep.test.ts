import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDispatcher, type HandlerContext } from '../../src-main/ipc/dispatch'
import { createHandlers } from '../../src-main/ipc/register'
import { createCore, type Core } from '../../src-main/services/core'
import { headlessPlatform } from '../../src-main/services/platform'
import { memoryBackend } from '../../src-main/services/credentials/store'
import { createLogger } from '../../src-main/services/log/logger'
import { defaultConfig } from '../../src-main/sandbox'
import type { Result } from '@contract/result'

/*
 * Drives a full profile lifecycle through the real handler table (the same register + dispatch
 * code the app uses, against the embedded sandbox) and sweeps every IPC response, emitted event
 * and log line for the secrets' bytes.
 */

// Random secrets with no recognisable shape, so only the app's own handling can keep them out.
const pat1 = `tc_pat_${randomBytes(18).toString('hex')}`
const pat2 = `tc_pat_${randomBytes(18).toString('hex')}`
const clientSecret = randomBytes(15).toString('base64url')
const clientId = 'sweep-sa'

let dir: string
let core: Core
const lines: string[] = []
const responses: unknown[] = []
const events: unknown[] = []
const trusted = { frameUrl: 'app://kms/index.html', isMainFrame: true }
const ctx: HandlerContext = { emit: (event, payload) => void events.push({ event, payload }) }
let dispatch: ReturnType<typeof createDispatcher>

async function send(channel: string, payload?: unknown): Promise<Result<unknown>> {
  const r = await dispatch(channel, trusted, payload, ctx)
  responses.push(r)
  return r
}
async function ok<T = Record<string, unknown>>(channel: string, payload?: unknown): Promise<T> {
  const r = await send(channel, payload)
  if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`)
  return r.value as T
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ipc-sweep-'))
  const base = defaultConfig()
  const logger = createLogger({ sink: (l) => lines.push(l), level: 'debug' })
  core = await createCore({
    dataDir: dir,
    appName: 'Thalassa KMS Desktop',
    appVersion: '0.0.0-test',
    platform: headlessPlatform(),
    secretBackend: memoryBackend(),
    env: {},
    home: dir,
    logger,
    sandbox: {
      config: {
        personalAccessTokens: [
          ...base.personalAccessTokens,
          { name: 'sweep-1', token: pat1, grants: [{ organisation: 'sandbox', access: 'full' }] },
          { name: 'sweep-2', token: pat2, grants: [{ organisation: 'sandbox', access: 'full' }] }
        ],
        serviceAccounts: [
          ...base.serviceAccounts,
          { clientId, clientSecret, grants: [{ organisation: 'sandbox', access: 'full' }], tokenLifetimeSeconds: 3600 }
        ]
      }
    }
  })
  dispatch = createDispatcher(createHandlers(core), {
    isTrustedOrigin: (u) => u.startsWith('app://kms/'),
    onError: (channel, e) => logger.debug('handler error', { channel, error: String(e) })
  })
})

afterAll(async () => {
  await core.close()
  await rm(dir, { recursive: true, force: true })
})

function forms(secret: string): string[] {
  return [
    secret,
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
    encodeURIComponent(secret),
    secret.slice(-16)
  ]
}

describe('IPC secret sweep over a full profile lifecycle', () => {
  it('no response, event or log line carries a secret, in raw, base64 or URL-encoded form', async () => {
    const endpoint = core.sandbox.url
    const p = await ok<{ id: string; hasSecret: boolean }>('profiles:create', {
      profile: { name: 'Sweep PAT', endpoint, organisation: 'sandbox', defaultRegion: 'nl-01', auth: { kind: 'pat' } },
      secret: pat1
    })
    expect(p.hasSecret).toBe(true)
    expect(await ok('profiles:test-connection', { id: p.id })).toMatchObject({ ok: true, featureEnabled: true })
    await ok('profiles:set-secret', { id: p.id, secret: pat2 })
    expect(await ok('profiles:test-connection', { id: p.id })).toMatchObject({ ok: true })
    await ok('profiles:select-active', { id: p.id })
    const key = await ok<{ identity: string }>('keys:create', {
      region: 'nl-01',
      key: { name: 'sweep-key', keyType: 'aes256-gcm96' }
    })
    const ct = await ok<{ value: string }>('crypto:encrypt', {
      region: 'nl-01',
      id: key.identity,
      plaintext: 'hello',
      encoding: 'utf8'
    })
    expect(
      await ok('crypto:decrypt', { region: 'nl-01', id: key.identity, ciphertext: ct.value, encoding: 'utf8' })
    ).toMatchObject({ plaintext: 'hello' })
    await ok('profiles:update', { id: p.id, patch: { name: 'Sweep PAT (renamed)', project: 'alpha' } })

    const sa = await ok<{ id: string }>('profiles:create', {
      profile: { name: 'Sweep SA', endpoint, organisation: 'sandbox', auth: { kind: 'client-credentials', clientId } },
      secret: clientSecret
    })
    expect(await ok('profiles:test-connection', { id: sa.id })).toMatchObject({ ok: true })
    await ok('profiles:select-active', { id: sa.id })
    await ok('kms:summary')
    // A wrong secret fails with a clear error that still carries nothing of the secret.
    await ok('profiles:set-secret', { id: sa.id, secret: `${clientSecret}-wrong` })
    expect(await ok('profiles:test-connection', { id: sa.id })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' }
    })
    // An invalid request echoes neither the secret nor its field value.
    expect((await send('profiles:set-secret', { id: sa.id, secret: pat1.repeat(400) })).ok).toBe(false)
    await ok('profiles:list')
    await ok('profiles:select-active', { id: 'local-sandbox' })
    await ok('profiles:delete', { id: p.id })
    await ok('profiles:delete', { id: sa.id })
    const after = await ok<Array<{ id: string }>>('profiles:list')
    expect(after.map((x) => x.id)).toEqual(['local-sandbox'])
    await ok('activity:list', {})

    const files = await Promise.all(
      (await readdir(dir))
        .filter((f) => f.endsWith('.json') || f.endsWith('.jsonl'))
        .map((f) => readFile(join(dir, f), 'utf8'))
    )
    const haystacks = [
      ...responses.map((r) => JSON.stringify(r)),
      ...events.map((e) => JSON.stringify(e)),
      ...lines,
      ...files
    ]
    // The sweep must have seen real traffic, or it proves nothing.
    expect(responses.length).toBeGreaterThan(20)
    expect(lines.length).toBeGreaterThan(5)
    expect(events.length).toBeGreaterThan(0)
    for (const secret of [pat1, pat2, clientSecret]) {
      for (const form of forms(secret))
        for (const h of haystacks) expect(h.includes(form), `secret form found in: ${h.slice(0, 200)}`).toBe(false)
    }
  })

  it('the sweep would catch a leak: a response carrying the secret is detected', () => {
    const leaked = JSON.stringify({ ok: true, value: { token: Buffer.from(pat1).toString('base64') } })
    expect(forms(pat1).some((f) => leaked.includes(f))).toBe(true)
  })
})
