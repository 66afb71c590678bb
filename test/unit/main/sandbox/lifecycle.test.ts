import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KmsKeySchema, KmsSummarySchema } from '@contract/schemas/kms'
import { createManualClock } from '../../../../src-main/sandbox/index'
import { b64, createKey, openSandbox, uniqueName, type TestSandbox } from './helpers'

const DAY = 86_400_000
const clock = createManualClock(new Date('2026-03-01T00:00:00.000Z'))
let t: TestSandbox

beforeAll(async () => {
  t = await openSandbox({ clock })
})
afterAll(async () => {
  await t.stop()
})

describe('create, get, list', () => {
  it('creates a key with 201 and the documented fields, parsed by the shared contract schema', async () => {
    const r = await t.kms('POST', '/keys', {
      body: { name: 'App Secrets!', keyType: 'aes256-gcm96', description: 'd', labels: { team: 'sec' } }
    })
    expect(r.status).toBe(201)
    const key = KmsKeySchema.parse(r.body)
    expect(key.identity).toMatch(/^kms-[0-9a-v]{20}$/)
    expect(key.slug).toBe('app-secrets')
    expect(key).toMatchObject({
      status: 'active',
      latestVersion: 1,
      minDecryptionVersion: 1,
      imported: false,
      exportAllowed: false,
      objectVersion: 1,
      labels: { team: 'sec' }
    })
    expect(key.createdAt).toBe('2026-03-01T00:00:00.000Z')
    expect(key.organisation?.slug).toBe('sandbox')
  })

  it('defaults keyType to aes256-gcm96 when omitted', async () => {
    const r = await t.kms('POST', '/keys', { body: { name: uniqueName('default type') } })
    expect(r.status).toBe(201)
    expect(r.body.keyType).toBe('aes256-gcm96')
  })

  it('gets by identity and by slug, and 404s an unknown key', async () => {
    const k = await createKey(t, 'aes128-gcm96')
    expect((await t.kms('GET', `/keys/${k.identity}`)).body.identity).toBe(k.identity)
    expect((await t.kms('GET', `/keys/${k.slug}`)).body.identity).toBe(k.identity)
    const missing = await t.kms('GET', '/keys/kms-00000000000000000000')
    expect(missing.status).toBe(404)
    expect(missing.body.message).toMatch(/not found/)
  })

  it('lists as a bare array and filters by identity, name and slug', async () => {
    const k = await createKey(t, 'chacha20-poly1305')
    const all = await t.kms('GET', '/keys')
    expect(all.status).toBe(200)
    expect(all.list.length).toBeGreaterThan(1)
    for (const q of [`identity=${k.identity}`, `name=${encodeURIComponent(String(k.name))}`, `slug=${k.slug}`]) {
      const r = await t.kms('GET', `/keys?${q}`)
      expect(r.list.map((x) => x.identity)).toEqual([k.identity])
    }
    expect((await t.kms('GET', '/keys?slug=nope')).list).toEqual([])
  })

  it('answers 409 on a duplicate slug in the same scope, but allows it in another region or project', async () => {
    const name = uniqueName('dup')
    expect((await t.kms('POST', '/keys', { body: { name } })).status).toBe(201)
    const dup = await t.kms('POST', '/keys', { body: { name: name.toUpperCase() } })
    expect(dup.status).toBe(409)
    expect(dup.body.message).toMatch(/slug/)
    expect((await t.kms('POST', '/keys', { region: 'nl-02', body: { name } })).status).toBe(201)
    expect((await t.kms('POST', '/keys', { project: 'alpha', body: { name } })).status).toBe(201)
  })

  it.each([
    [{ keyType: 'aes256-gcm96' }, /name/],
    [{ name: '' }, /name/],
    [{ name: '!!!' }, /letter or digit/],
    [{ name: 'x', keyType: 'rot13' }, /keyType/],
    [{ name: 'x', description: 'd'.repeat(1025) }, /description/],
    [{ name: 'x', keyRotationEnabled: true }, /rotationPeriodInDays/],
    [{ name: 'x', keyRotationEnabled: true, rotationPeriodInDays: 0 }, /rotationPeriodInDays/],
    [{ name: 'x', rotationPeriodInDays: 3651 }, /rotationPeriodInDays/],
    [{ name: 'x', hashFunction: 'sha256' }, /importKeyMaterial/],
    ['not json', /JSON/],
    [[1, 2], /JSON object/]
  ])('rejects invalid create body %j with 400', async (body, msg) => {
    const r = await t.kms('POST', '/keys', { body })
    expect(r.status).toBe(400)
    expect(r.body.message).toMatch(msg)
  })

  it('has no way to change metadata: PUT/PATCH on the key are 405', async () => {
    const k = await createKey(t, 'aes256-gcm96')
    expect((await t.kms('PATCH', `/keys/${k.identity}`, { body: { name: 'renamed' } })).status).toBe(405)
    expect((await t.kms('PUT', `/keys/${k.identity}`, { body: { name: 'renamed' } })).status).toBe(405)
    expect((await t.kms('GET', `/keys/${k.identity}`)).body.name).toBe(k.name)
  })

  it('404s an unknown endpoint', async () => {
    expect((await t.kms('GET', '/nothing-here')).status).toBe(404)
    expect((await t.call('GET', '/v2/kms/summary')).status).toBe(404)
  })
})

describe('rotation', () => {
  it('rotates manually; old ciphertext still decrypts and new encryptions use the new version', async () => {
    const k = await createKey(t, 'aes256-gcm96')
    const c1 = (await t.kms('POST', `/keys/${k.identity}/encrypt`, { body: { plaintext: b64('v1 data') } })).body
      .ciphertext as string
    const r = await t.kms('POST', `/keys/${k.identity}/rotate`)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ latestVersion: 2, objectVersion: 2 })
    expect((r.body.versions as unknown[]).length).toBe(2)
    const e2 = await t.kms('POST', `/keys/${k.identity}/encrypt`, { body: { plaintext: b64('v2 data') } })
    expect(e2.body.keyVersion).toBe('2')
    expect(String(e2.body.ciphertext)).toMatch(/^thalassa:v2:/)
    const d1 = await t.kms('POST', `/keys/${k.identity}/decrypt`, { body: { ciphertext: c1 } })
    expect(Buffer.from(String(d1.body.plaintext), 'base64').toString()).toBe('v1 data')
    expect(d1.body.keyVersion).toBe('1')
    const pinned = await t.kms('POST', `/keys/${k.identity}/encrypt`, {
      body: { plaintext: b64('x'), keyVersion: '1' }
    })
    expect(pinned.body.keyVersion).toBe('1')
    const future = await t.kms('POST', `/keys/${k.identity}/encrypt`, {
      body: { plaintext: b64('x'), keyVersion: '3' }
    })
    expect(future.status).toBe(400)
    const forged = await t.kms('POST', `/keys/${k.identity}/decrypt`, {
      body: { ciphertext: String(c1).replace('thalassa:v1:', 'thalassa:v9:') }
    })
    expect(forged.status).toBe(400)
  })

  it('updates rotation settings with PATCH and validates them', async () => {
    const k = await createKey(t, 'hmac')
    const r = await t.kms('PATCH', `/keys/${k.identity}/rotation`, {
      body: { keyRotationEnabled: true, rotationPeriodInDays: 30 }
    })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ keyRotationEnabled: true, rotationPeriodInDays: 30 })
    expect(
      (await t.kms('PATCH', `/keys/${k.identity}/rotation`, { body: { rotationPeriodInDays: 4000 } })).status
    ).toBe(400)
    const k2 = await createKey(t, 'hmac')
    expect((await t.kms('PATCH', `/keys/${k2.identity}/rotation`, { body: { keyRotationEnabled: true } })).status).toBe(
      400
    )
  })

  it('rotates automatically when the period has elapsed on the injected clock', async () => {
    const k = await createKey(t, 'aes128-gcm96', { keyRotationEnabled: true, rotationPeriodInDays: 7 })
    clock.advance(6 * DAY)
    await t.sb.runScheduler()
    expect((await t.kms('GET', `/keys/${k.identity}`)).body.latestVersion).toBe(1)
    clock.advance(1 * DAY)
    await t.sb.runScheduler()
    expect((await t.kms('GET', `/keys/${k.identity}`)).body.latestVersion).toBe(2)
    await t.sb.runScheduler()
    expect((await t.kms('GET', `/keys/${k.identity}`)).body.latestVersion).toBe(2)
  })
})

describe('status lifecycle', () => {
  it('disables (crypto → 400), enables again', async () => {
    const k = await createKey(t, 'aes256-gcm96')
    const d = await t.kms('POST', `/keys/${k.identity}/disable`)
    expect(d.body.status).toBe('disabled')
    const e = await t.kms('POST', `/keys/${k.identity}/encrypt`, { body: { plaintext: b64('x') } })
    expect(e.status).toBe(400)
    expect(e.body.message).toMatch(/disabled/)
    expect((await t.kms('POST', `/keys/${k.identity}/rotate`)).status).toBe(400)
    expect((await t.kms('POST', `/keys/${k.identity}/enable`)).body.status).toBe('active')
    expect((await t.kms('POST', `/keys/${k.identity}/encrypt`, { body: { plaintext: b64('x') } })).status).toBe(200)
  })

  it('schedules deletion 30 days out (200 with deletionScheduledAt), blocks crypto, cancels back to active', async () => {
    const k = await createKey(t, 'aes256-gcm96')
    const del = await t.kms('DELETE', `/keys/${k.identity}`)
    expect(del.status).toBe(200)
    expect(del.body.status).toBe('pending_deletion')
    expect(Date.parse(String(del.body.deletionScheduledAt)) - clock.now().getTime()).toBe(30 * DAY)
    expect((await t.kms('GET', `/keys/${k.identity}`)).body.status).toBe('pending_deletion')
    const e = await t.kms('POST', `/keys/${k.identity}/encrypt`, { body: { plaintext: b64('x') } })
    expect(e.status).toBe(400)
    expect(e.body.message).toMatch(/pending deletion/)
    expect((await t.kms('POST', `/keys/${k.identity}/enable`)).status).toBe(400)
    expect((await t.kms('DELETE', `/keys/${k.identity}`)).status).toBe(400)
    const cancel = await t.kms('DELETE', `/keys/${k.identity}/cancel-deletion`)
    expect(cancel.status).toBe(200)
    expect(cancel.body).toMatchObject({ status: 'active', deletionScheduledAt: null })
    expect((await t.kms('DELETE', `/keys/${k.identity}/cancel-deletion`)).status).toBe(400)
  })

  it('purges a key once the window has passed, not before', async () => {
    const k = await createKey(t, 'aes256-gcm96')
    await t.kms('DELETE', `/keys/${k.identity}`)
    clock.advance(30 * DAY - 1000)
    await t.sb.runScheduler()
    expect((await t.kms('GET', `/keys/${k.identity}`)).status).toBe(200)
    clock.advance(1000)
    await t.sb.runScheduler()
    expect((await t.kms('GET', `/keys/${k.identity}`)).status).toBe(404)
    // The slug is free again once the key is gone.
    expect((await t.kms('POST', '/keys', { body: { name: String(k.name) } })).status).toBe(201)
  })

  it('counts keys per region and status in the summary', async () => {
    const r = await t.call('GET', '/v1/kms/summary', { project: 'beta' })
    const before = KmsSummarySchema.parse(r.body).regions.find((x) => x.slug === 'nl-02')!
    const k = await createKey(t, 'aes256-gcm96', {}, { region: 'nl-02', project: 'beta' })
    await t.kms('POST', `/keys/${k.identity}/disable`, { region: 'nl-02', project: 'beta' })
    const after = KmsSummarySchema.parse((await t.call('GET', '/v1/kms/summary', { project: 'beta' })).body)
    expect(after.featureEnabled).toBe(true)
    const nl2 = after.regions.find((x) => x.slug === 'nl-02')!
    expect(nl2.totalKeys).toBe(before.totalKeys + 1)
    expect(nl2.disabledKeys).toBe(before.disabledKeys + 1)
    expect(after.regions.find((x) => x.slug === 'de-01')?.kmsAvailable).toBe(false)
  })
})
