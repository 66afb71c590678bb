import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ProfileService } from '../../../../../src-main/services/profiles/service'
import { ProfileStore } from '../../../../../src-main/services/profiles/store'
import { CredentialStore, memoryBackend } from '../../../../../src-main/services/credentials/store'
import { createLogger } from '../../../../../src-main/services/log/logger'
import { SANDBOX_PROFILE_ID } from '@contract/schemas/profiles'
import { FakeKms } from '../fake-kms'

const pat1 = `tc_pat_${randomBytes(16).toString('hex')}`
const pat2 = `tc_pat_${randomBytes(16).toString('hex')}`
// A client secret with no recognisable shape: only registration with the redactor can catch it.
const clientSecret = randomBytes(12).toString('hex')

let fake: FakeKms
let dir: string
beforeAll(async () => {
  fake = await new FakeKms({
    tokens: { tc_pat_sandbox_admin: 'admin', [pat1]: 'admin', [pat2]: 'admin' },
    clients: { 'sa-1': clientSecret }
  }).start()
  dir = await mkdtemp(join(tmpdir(), 'lifecycle-'))
})
afterAll(async () => {
  await fake.stop()
  await rm(dir, { recursive: true, force: true })
})

function setup(name: string): {
  svc: ProfileService
  lines: string[]
  backend: ReturnType<typeof memoryBackend>
  file: string
} {
  const lines: string[] = []
  const logger = createLogger({ sink: (l) => lines.push(l), level: 'debug' })
  const backend = memoryBackend()
  const file = join(dir, name, 'profiles.json')
  const store = new ProfileStore({ file, sandboxEndpoint: fake.url })
  const svc = new ProfileService({
    store,
    credentials: new CredentialStore({ backend, logger }),
    logger,
    retry: { sleep: async () => undefined }
  })
  return { svc, lines, backend, file }
}

const services: ProfileService[] = []
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()))
})

describe('profile lifecycle never leaks the secret', () => {
  it('create, set secret, test connection, use, update, delete: no secret bytes in any result, log line or file', async () => {
    const { svc, lines, backend, file } = setup('sweep')
    services.push(svc)
    const results: unknown[] = []
    const keep = <T>(v: T): T => (results.push(v), v)

    const p = keep(
      await svc.create({ name: 'Cloud', endpoint: fake.url, organisation: 'sandbox', auth: { kind: 'pat' } }, pat1)
    )
    expect(p).toMatchObject({ hasSecret: true, secretStatus: 'stored', readOnly: false })
    keep(await svc.list())
    keep(await svc.setSecret(p.id, pat2))
    expect(keep(await svc.testConnection(p.id))).toMatchObject({ ok: true, featureEnabled: true })
    keep(await svc.selectActive(p.id))
    const client = await svc.client()
    keep(await client.createKey('nl-01', { name: 'k', keyType: 'aes256-gcm96' }))
    keep(await client.encrypt('nl-01', 'k', { plaintext: Buffer.from('hi').toString('base64') }))
    keep(await svc.update(p.id, { name: 'Cloud (renamed)', project: 'alpha', auth: { kind: 'pat' } }))

    const sa = keep(
      await svc.create(
        {
          name: 'Service account',
          endpoint: fake.url,
          organisation: 'sandbox',
          auth: { kind: 'client-credentials', clientId: 'sa-1' }
        },
        clientSecret
      )
    )
    expect(keep(await svc.testConnection(sa.id))).toMatchObject({ ok: true })
    await svc.setSecret(sa.id, 'wrong-' + clientSecret.slice(0, 8))
    const failed = keep(await svc.testConnection(sa.id))
    expect(failed).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    keep(await svc.list())
    const diskBeforeDelete = await readFile(file, 'utf8')
    await svc.delete(p.id)
    await svc.delete(sa.id)
    keep(await svc.list())

    // The secret went where the user asked (the keychain), and is gone after delete.
    expect(backend.data.size).toBe(0)
    const haystacks = [JSON.stringify(results), ...lines, diskBeforeDelete, await readFile(file, 'utf8')]
    expect(lines.length).toBeGreaterThan(8)
    for (const secret of [pat1, pat2, clientSecret]) {
      const forms = [secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret), secret.slice(-16)]
      for (const h of haystacks) for (const f of forms) expect(h).not.toContain(f)
    }
  })

  it('a keychain failure during create leaves no half-created profile', async () => {
    const { svc } = setup('failclosed')
    services.push(svc)
    await expect(
      svc.create({ name: 'X', endpoint: fake.url, organisation: 'sandbox', auth: { kind: 'pat' } }, '')
    ).rejects.toMatchObject({ appError: { code: 'bad_input' } })
    expect((await svc.list()).map((v) => v.id)).toEqual([SANDBOX_PROFILE_ID])
  })
})

describe('test connection', () => {
  it('the built-in sandbox profile works without the keychain and reports regions', async () => {
    const { svc } = setup('sandbox')
    services.push(svc)
    const [sandbox] = await svc.list()
    expect(sandbox).toMatchObject({
      id: SANDBOX_PROFILE_ID,
      secretStatus: 'builtin',
      hasSecret: true,
      active: true,
      readOnly: true
    })
    const r = await svc.testConnection(SANDBOX_PROFILE_ID)
    expect(r).toMatchObject({
      ok: true,
      regions: [
        { slug: 'nl-01', kmsAvailable: true },
        { slug: 'nl-02', kmsAvailable: true },
        { slug: 'de-01', kmsAvailable: false }
      ]
    })
    await expect(svc.setSecret(SANDBOX_PROFILE_ID, 'x')).rejects.toMatchObject({ appError: { code: 'bad_input' } })
    await expect(svc.delete(SANDBOX_PROFILE_ID)).rejects.toMatchObject({ appError: { code: 'bad_input' } })
  })

  it('reports the exact error: KMS off (403), missing secret, unreachable endpoint; refuses an unreadable CA bundle', async () => {
    const { svc } = setup('errors')
    services.push(svc)
    const off = await svc.create(
      { name: 'Off', endpoint: fake.url, organisation: 'no-kms', auth: { kind: 'pat' } },
      pat1
    )
    expect(await svc.testConnection(off.id)).toMatchObject({
      ok: false,
      error: { code: 'kms_not_enabled', status: 403 }
    })
    const nosecret = await svc.create({
      name: 'NoSecret',
      endpoint: fake.url,
      organisation: 'sandbox',
      auth: { kind: 'pat' }
    })
    expect(nosecret.secretStatus).toBe('missing')
    expect(await svc.testConnection(nosecret.id)).toMatchObject({ ok: false, error: { code: 'secret_missing' } })
    // A CA bundle is checked when it is added: a missing one is refused there and then.
    await expect(
      svc.create(
        {
          name: 'CA',
          endpoint: fake.url,
          organisation: 'sandbox',
          auth: { kind: 'pat' },
          caBundlePath: join(dir, 'missing.pem')
        },
        pat1
      )
    ).rejects.toMatchObject({ appError: { code: 'bad_input', field: 'caBundlePath' } })
    expect((await svc.list()).map((v) => v.name)).not.toContain('CA')
    const dead = await svc.create(
      { name: 'Dead', endpoint: 'http://127.0.0.1:1', organisation: 'sandbox', auth: { kind: 'pat' } },
      pat1
    )
    expect(await svc.testConnection(dead.id)).toMatchObject({ ok: false, error: { code: 'network' } })
  })

  it('shows keychain_unavailable per profile instead of failing the whole list', async () => {
    const store = new ProfileStore({ file: join(dir, 'nokeychain', 'p.json'), sandboxEndpoint: fake.url })
    await store.create({ name: 'C', endpoint: fake.url, organisation: 'sandbox', auth: { kind: 'pat' } })
    const down = {
      get: async () => {
        throw new Error('no bus')
      },
      set: async () => {
        throw new Error('no bus')
      },
      delete: async () => {
        throw new Error('no bus')
      }
    }
    const svc = new ProfileService({ store, credentials: new CredentialStore({ backend: down }) })
    const views = await svc.list()
    expect(views.map((v) => v.secretStatus)).toEqual(['builtin', 'keychain_unavailable'])
    const id = views[1]?.id ?? ''
    await expect(svc.delete(id)).rejects.toMatchObject({ appError: { code: 'keychain_unavailable' } })
    expect(store.list()).toHaveLength(2)
  })
})

describe('tcloud import through the service', () => {
  it('creates profiles, puts secrets in the keychain, skips existing names', async () => {
    const { svc, backend, file } = setup('import')
    services.push(svc)
    const cfg = new URL('../../../../fixtures/tcloud/config.yaml', import.meta.url).pathname
    const env = { THALASSA_CONFIG: cfg, THALASSA_API_TOKEN: 'tc_pat_from_env_0003', THALASSA_ORGANISATION: 'acme' }
    const r = await svc.importTcloud(env, '/nonexistent', { includeEnv: true })
    expect(r.imported.map((v) => [v.name, v.secretStatus])).toEqual([
      ['tcloud: prod', 'stored'],
      ['tcloud: staging', 'stored'],
      ['tcloud: keyring-user', 'missing'],
      ['Environment (THALASSA_*)', 'stored']
    ])
    expect(r.notes.join(' ')).toContain('keyring')
    // Each secret is stored bound to the endpoint and auth kind it came with.
    expect(
      [...backend.data.values()]
        .map((v) => JSON.parse(v) as { secret: string; origin: string; auth: string })
        .map((v) => [v.secret, v.origin, v.auth])
        .sort()
    ).toEqual([
      ['fixture-client-secret-0002', 'https://staging-api.thalassa.cloud', 'client-credentials'],
      ['tc_pat_fixture_prod_token_0001', 'https://api.thalassa.cloud', 'pat'],
      ['tc_pat_from_env_0003', 'https://api.thalassa.cloud', 'pat']
    ])
    expect(await readFile(file, 'utf8')).not.toMatch(/tc_pat_|fixture-client-secret/)
    expect(JSON.stringify(r)).not.toMatch(/tc_pat_|fixture-client-secret/)
    const again = await svc.importTcloud(env, '/nonexistent', { includeEnv: true })
    expect(again.imported).toEqual([])
    expect(again.skipped).toHaveLength(4)
  })
})
