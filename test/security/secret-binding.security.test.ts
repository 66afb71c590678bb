import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProfileView, TestConnectionResult } from '@contract/schemas/profiles'
import { SANDBOX_CREDENTIALS } from '../../src-main/sandbox'
import { CredentialStore, memoryBackend } from '../../src-main/services/credentials/store'
import { KmsClient } from '../../src-main/services/kms/client'
import { clientForProfile } from '../../src-main/services/profiles/connection'
import { patAuth } from '../../src-main/services/profiles/auth'
import { ProfileStore } from '../../src-main/services/profiles/store'
import { openIpc, type IpcHarness } from './ipc-harness'

/** Another origin (a mistyped or hostile endpoint): it records every request it receives. */
class Recorder {
  readonly seen: string[] = []
  #server: Server = createServer((req: IncomingMessage, res) => {
    let body = ''
    req.on('data', (d: Buffer) => (body += d.toString()))
    req.on('end', () => {
      this.seen.push(`${req.method} ${req.url}\n${JSON.stringify(req.headers)}\n${body}`)
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"who are you"}')
    })
  })
  url = ''
  async start(): Promise<this> {
    await new Promise<void>((r) => this.#server.listen(0, '127.0.0.1', r))
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`
    return this
  }
  stop(): Promise<void> {
    this.#server.closeAllConnections()
    return new Promise((r) => this.#server.close(() => r()))
  }
  carries(secret: string): boolean {
    return this.seen.some(
      (s) =>
        s.includes(secret) ||
        s.includes(encodeURIComponent(secret)) ||
        s.includes(Buffer.from(secret).toString('base64'))
    )
  }
}

const C = SANDBOX_CREDENTIALS
let h: IpcHarness
let other: Recorder
beforeAll(async () => {
  h = await openIpc()
  other = await new Recorder().start()
})
afterAll(async () => {
  await other.stop()
  await h.close()
})

describe('a stored secret stays with the origin and auth kind it was entered for', () => {
  it('an endpoint change discards the token in main; no request to the new origin carries it', async () => {
    const p = await h.ok<ProfileView>('profiles:create', {
      profile: { name: 'Prod', endpoint: h.core.sandbox.url, organisation: C.organisation, auth: { kind: 'pat' } },
      secret: C.adminPat
    })
    expect(await h.ok<TestConnectionResult>('profiles:test-connection', { id: p.id })).toMatchObject({ ok: true })
    const moved = await h.ok<ProfileView>('profiles:update', { id: p.id, patch: { endpoint: other.url } })
    expect(moved).toMatchObject({ endpoint: other.url, hasSecret: false, secretStatus: 'missing' })
    expect(await h.ok<TestConnectionResult>('profiles:test-connection', { id: p.id })).toMatchObject({
      ok: false,
      error: { code: 'secret_missing' }
    })
    await h.ok('profiles:select-active', { id: p.id })
    expect(await h.send('kms:summary')).toMatchObject({ ok: false, error: { code: 'secret_missing' } })
    expect(other.carries(C.adminPat)).toBe(false)
    // Asked again, the user enters the secret for the new endpoint: that one, and only that one, goes there.
    await h.ok('profiles:set-secret', { id: p.id, secret: 'tc_pat_for_the_new_endpoint' })
    await h.ok<TestConnectionResult>('profiles:test-connection', { id: p.id })
    expect(other.carries('tc_pat_for_the_new_endpoint')).toBe(true)
    expect(other.carries(C.adminPat)).toBe(false)
    await h.ok('profiles:select-active', { id: 'local-sandbox' })
  })

  it("a service account secret never reaches the new origin's /oidc/token", async () => {
    const sa = await h.ok<ProfileView>('profiles:create', {
      profile: {
        name: 'SA',
        endpoint: h.core.sandbox.url,
        organisation: C.organisation,
        auth: { kind: 'client-credentials', clientId: C.clientId }
      },
      secret: C.clientSecret
    })
    expect(await h.ok<TestConnectionResult>('profiles:test-connection', { id: sa.id })).toMatchObject({ ok: true })
    expect(
      await h.ok<ProfileView>('profiles:update', { id: sa.id, patch: { endpoint: `${other.url}/` } })
    ).toMatchObject({ hasSecret: false })
    expect(await h.ok<TestConnectionResult>('profiles:test-connection', { id: sa.id })).toMatchObject({
      ok: false,
      error: { code: 'secret_missing' }
    })
    expect(other.carries(C.clientSecret)).toBe(false)
  })

  it('an auth kind or client id change discards the secret too; other edits keep it', async () => {
    const p = await h.ok<ProfileView>('profiles:create', {
      profile: { name: 'Kinds', endpoint: h.core.sandbox.url, organisation: C.organisation, auth: { kind: 'pat' } },
      secret: C.adminPat
    })
    expect(
      await h.ok<ProfileView>('profiles:update', {
        id: p.id,
        patch: { name: 'Kinds (renamed)', project: 'alpha', endpoint: `${h.core.sandbox.url}/` }
      })
    ).toMatchObject({ hasSecret: true })
    expect(
      await h.ok<ProfileView>('profiles:update', { id: p.id, patch: { auth: { kind: 'access-token' } } })
    ).toMatchObject({ hasSecret: false })
    const sa = await h.ok<ProfileView>('profiles:create', {
      profile: {
        name: 'SA2',
        endpoint: h.core.sandbox.url,
        organisation: C.organisation,
        auth: { kind: 'client-credentials', clientId: C.clientId }
      },
      secret: C.clientSecret
    })
    expect(
      await h.ok<ProfileView>('profiles:update', {
        id: sa.id,
        patch: { auth: { kind: 'client-credentials', clientId: 'another-client' } }
      })
    ).toMatchObject({ hasSecret: false })
  })

  it("an endpoint edited behind the app's back (profiles.json) still never gets the secret", async () => {
    const dir = join(h.dir, 'behind')
    const credentials = new CredentialStore({ backend: memoryBackend() })
    const store = new ProfileStore({ file: join(dir, 'profiles.json') })
    const p = await store.create({
      name: 'Edited',
      endpoint: h.core.sandbox.url,
      organisation: C.organisation,
      auth: { kind: 'pat' }
    })
    await credentials.set(p.id, C.adminPat, { origin: new URL(h.core.sandbox.url).origin, auth: 'pat' })
    const edited = await store.update(p.id, { endpoint: other.url })
    await expect(clientForProfile(edited, { credentials })).rejects.toMatchObject({
      appError: { code: 'secret_missing', message: expect.stringContaining('it was not sent') }
    })
    expect(other.carries(C.adminPat)).toBe(false)
  })

  it('the client itself refuses a credential bound to another origin', () => {
    expect(
      () =>
        new KmsClient({
          endpoint: other.url,
          organisation: 'x',
          auth: patAuth('tc_pat_bound', 'https://api.thalassa.cloud')
        })
    ).toThrow(/never sent to/)
  })
})
