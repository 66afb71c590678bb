import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KmsError, type KmsClient } from '../../../../../src-main/services/kms/client'
import { C, clientFor, openSandbox, patAuth, type Sandbox } from '../sandbox-harness'
import { presetTestWrappingKey } from '../../../../support/wrapping-key'

/** The wrapping key is guarded as a create: a read-only token's masked 404 is named as such. */
let t: Sandbox
let admin: KmsClient
let reader: KmsClient
let stranger: KmsClient

beforeAll(async () => {
  t = await openSandbox()
  await presetTestWrappingKey(t.sb)
  admin = clientFor(t.sb.url)
  reader = clientFor(t.sb.url, { auth: patAuth(C.readerPat) })
  stranger = clientFor(t.sb.url, { auth: patAuth('tc_pat_nobody_at_all') })
})
afterAll(async () => {
  await Promise.all([admin.close(), reader.close(), stranger.close()])
  await t.stop()
})

const failure = async (p: Promise<unknown>): Promise<KmsError> => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x
  )
  expect(e).toBeInstanceOf(KmsError)
  return e as KmsError
}

describe('masked 404 on the wrapping key', () => {
  it('a token that may list keys but not create them hears "your token cannot change keys here"', async () => {
    await expect(admin.getWrappingKey('nl-01')).resolves.toMatchObject({ publicKey: expect.any(String) as unknown })
    const e = await failure(reader.getWrappingKey('nl-01'))
    expect(e.code).toBe('no_write_access')
    expect(e.message).toMatch(/your token cannot change keys here in region nl-01/)
  })

  it('a token that cannot even list keys is not told it lacks only write access', async () => {
    const e = await failure(stranger.getWrappingKey('nl-01'))
    expect(e.code).not.toBe('no_write_access')
  })
})
