import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KmsClient } from '../../src-main/services/kms/client'
import { FakeKms } from '../unit/main/services/fake-kms'

let fake: FakeKms
let client: KmsClient
beforeAll(async () => {
  fake = await new FakeKms().start()
  client = new KmsClient({
    endpoint: fake.url,
    organisation: 'sandbox',
    auth: { authorization: async () => 'Token tc_pat_sandbox_admin' },
    retry: { sleep: async () => undefined }
  })
})
afterAll(async () => {
  await client.close()
  await fake.stop()
})

describe('region and key references never leave the client as dot segments', () => {
  const calls: [string, (c: KmsClient) => Promise<unknown>][] = [
    ['key ..', (c) => c.getKey('nl-01', '..')],
    ['key .', (c) => c.getKey('nl-01', '.')],
    ['region ..', (c) => c.getKey('..', 'app-key')],
    ['region . (list)', (c) => c.listKeys('.')],
    ['empty key', (c) => c.getKey('nl-01', '')],
    ['key .. (encrypt)', (c) => c.encrypt('nl-01', '..', { plaintext: 'aGk=' })],
    ['key .. (rotate)', (c) => c.rotate('nl-01', '..')],
    ['region .. (wrapping key)', (c) => c.getWrappingKey('..')]
  ]

  it.each(calls)('refuses %s before sending anything', async (_name, fn) => {
    const before = fake.requests.length
    await expect(fn(client)).rejects.toMatchObject({ appError: { code: 'bad_input' } })
    expect(fake.requests.length).toBe(before)
  })

  it('still sends names that merely contain dots, encoded as one segment', async () => {
    await expect(client.getKey('nl-01', 'a..b')).rejects.toMatchObject({ appError: { code: 'not_found_or_no_access' } })
    expect(fake.requests.at(-1)?.path).toBe('/v1/kms/nl-01/keys/a..b')
    await expect(client.getKey('nl-01', '../keys')).rejects.toMatchObject({
      appError: { code: 'not_found_or_no_access' }
    })
    expect(fake.requests.at(-1)?.path).toBe('/v1/kms/nl-01/keys/..%2Fkeys')
  })
})
