import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDispatcher } from '../../../../../src-main/ipc/dispatch'
import { createHandlers } from '../../../../../src-main/ipc/register'
import { createCore, type Core } from '../../../../../src-main/services/core'
import { memoryBackend } from '../../../../../src-main/services/credentials/store'
import { headlessPlatform } from '../../../../../src-main/services/platform'
import type { Result } from '@contract/result'
import { SANDBOX_PROFILE_ID, type ProfileView, type TestConnectionResult } from '@contract/schemas/profiles'
import { C } from '../sandbox-harness'

/** "Test connection" through the real handler table, the IPC guard and the embedded sandbox. */
const wrongPat = `tc_pat_${randomBytes(16).toString('hex')}`
const sender = { frameUrl: 'app://kms/index.html', isMainFrame: true }
const ctx = { emit: () => undefined }
let dir: string
let core: Core
let dispatch: ReturnType<typeof createDispatcher>

async function ipc<T>(channel: string, payload: unknown): Promise<T> {
  const r = (await dispatch(channel, sender, payload, ctx)) as Result<T>
  if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`)
  // Whatever crosses IPC must never carry a secret.
  expect(JSON.stringify(r)).not.toContain(wrongPat)
  return r.value
}

async function cloudProfile(
  name: string,
  organisation: string,
  secret: string,
  auth: object = { kind: 'pat' }
): Promise<ProfileView> {
  return ipc<ProfileView>('profiles:create', {
    profile: { name, endpoint: core.sandbox.url, organisation, auth },
    secret
  })
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'test-connection-'))
  core = await createCore({
    dataDir: dir,
    appName: 'Thalassa KMS Desktop',
    appVersion: '0.0.0-test',
    platform: headlessPlatform(),
    secretBackend: memoryBackend(),
    env: {},
    home: dir
  })
  dispatch = createDispatcher(createHandlers(core), { isTrustedOrigin: (url) => url.startsWith('app://kms/') })
})
afterAll(async () => {
  await core.close()
  await rm(dir, { recursive: true, force: true })
})

describe('profiles:test-connection against the embedded sandbox', () => {
  it('the built-in Local sandbox profile: KMS on, three regions, de-01 without KMS', async () => {
    const r = await ipc<TestConnectionResult>('profiles:test-connection', { id: SANDBOX_PROFILE_ID })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.featureEnabled).toBe(true)
    expect(r.regions.map((x) => [x.slug, x.kmsAvailable])).toEqual([
      ['nl-01', true],
      ['nl-02', true],
      ['de-01', false]
    ])
    expect(r.latencyMs).toBeGreaterThanOrEqual(0)
  })

  it('a cloud profile pointing at the sandbox with a wrong token: the exact unauthorized error, no token', async () => {
    const p = await cloudProfile('Wrong token', C.organisation, wrongPat)
    expect(p.hasSecret).toBe(true)
    const r = await ipc<TestConnectionResult>('profiles:test-connection', { id: p.id })
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'unauthorized',
        status: 401,
        message:
          'Reading the KMS summary failed: credentials not recognised: check the personal access token, or request a new access token from /oidc/token',
        hint: 'Check the token or client credentials of this profile; it may have expired or been revoked.'
      }
    })
    // Nor in the log or any file the core wrote.
    for (const f of await readdir(dir, { recursive: true })) {
      const text = await readFile(join(dir, f)).catch(() => Buffer.alloc(0))
      expect(text.includes(wrongPat)).toBe(false)
    }
  })

  it('the same profile succeeds once the right token is set', async () => {
    const p = await cloudProfile('Right later', C.organisation, wrongPat)
    await ipc('profiles:set-secret', { id: p.id, secret: C.adminPat })
    const r = await ipc<TestConnectionResult>('profiles:test-connection', { id: p.id })
    expect(r).toMatchObject({ ok: true, featureEnabled: true })
  })

  it('organisation no-kms reports the feature as off; client credentials work too', async () => {
    const off = await cloudProfile('No KMS', C.noKmsOrganisation, C.adminPat)
    expect(await ipc<TestConnectionResult>('profiles:test-connection', { id: off.id })).toMatchObject({
      ok: true,
      featureEnabled: false,
      regions: []
    })
    const sa = await cloudProfile('Service account', C.organisation, C.clientSecret, {
      kind: 'client-credentials',
      clientId: C.clientId
    })
    expect(await ipc<TestConnectionResult>('profiles:test-connection', { id: sa.id })).toMatchObject({
      ok: true,
      featureEnabled: true
    })
  })

  it('an unknown profile id is an error value, not a thrown exception', async () => {
    const r = (await dispatch('profiles:test-connection', sender, { id: 'missing' }, ctx)) as Result<unknown>
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('profile_not_found')
  })
})
