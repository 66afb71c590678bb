import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Agent } from 'undici'
import { ClientCredentialsAuth, accessTokenAuth, patAuth } from '../../../../../src-main/services/profiles/auth'
import { KmsClient } from '../../../../../src-main/services/kms/client'
import { FakeKms } from '../fake-kms'

let fake: FakeKms
const agent = new Agent()
beforeAll(async () => {
  fake = await new FakeKms({ tokenTtlSeconds: 600 }).start()
})
afterAll(async () => {
  await agent.close()
  await fake.stop()
})

describe('auth providers', () => {
  it('PAT uses the Token scheme, access tokens use Bearer', async () => {
    expect(await patAuth('tc_pat_abc').authorization()).toBe('Token tc_pat_abc')
    expect(await accessTokenAuth('eyJ.x.y').authorization()).toBe('Bearer eyJ.x.y')
  })

  it('refuses a PAT given as an access token (as tcloud does)', () => {
    expect(() => accessTokenAuth('tc_pat_abc')).toThrow(/personal access token/)
  })

  it('client credentials: form-encoded grant at {endpoint}/oidc/token, cached, refreshed before expiry', async () => {
    let now = 1_000_000
    const auth = new ClientCredentialsAuth({
      endpoint: fake.url,
      clientId: 'sandbox-sa',
      clientSecret: 'sandbox-sa-secret',
      dispatcher: agent,
      now: () => now
    })
    const [a, b] = await Promise.all([auth.authorization(), auth.authorization()])
    expect(a).toMatch(/^Bearer at_/)
    expect(b).toBe(a)
    expect(fake.stats.tokensIssued).toBe(1)
    const req = fake.requests.find((r) => r.path === '/oidc/token')
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(Object.fromEntries(new URLSearchParams(req?.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'sandbox-sa',
      client_secret: 'sandbox-sa-secret'
    })
    now += 530_000 // 600 s lifetime, refreshed 60 s early: still valid at 530 s
    expect(await auth.authorization()).toBe(a)
    now += 20_000
    const c = await auth.authorization()
    expect(c).not.toBe(a)
    expect(fake.stats.tokensIssued).toBe(2)
  })

  it('a revoked token is refreshed once through the client (401 → invalidate → retry)', async () => {
    const auth = new ClientCredentialsAuth({
      endpoint: fake.url,
      clientId: 'sandbox-sa',
      clientSecret: 'sandbox-sa-secret',
      dispatcher: agent
    })
    const client = new KmsClient({ endpoint: fake.url, organisation: 'sandbox', auth })
    await client.summary()
    const issued = fake.stats.tokensIssued
    fake.revokeBearerTokens()
    expect((await client.summary()).featureEnabled).toBe(true)
    expect(fake.stats.tokensIssued).toBe(issued + 1)
    await client.close()
  })

  it('wrong client secret → unauthorized, and the secret is not in the error', async () => {
    const auth = new ClientCredentialsAuth({
      endpoint: fake.url,
      clientId: 'sandbox-sa',
      clientSecret: 'wrong-secret-value-123',
      dispatcher: agent
    })
    const e = await auth.authorization().catch((x: unknown) => x as { appError: { code: string } })
    expect(e).toMatchObject({ appError: { code: 'unauthorized', status: 401 } })
    expect(JSON.stringify(e)).not.toContain('wrong-secret-value-123')
  })
})
