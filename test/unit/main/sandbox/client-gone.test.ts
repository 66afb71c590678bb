import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { C, openSandbox, type TestSandbox } from './helpers'

let t: TestSandbox
beforeAll(async () => {
  t = await openSandbox()
})
afterAll(async () => t.stop())

/** Sends the headers and half of a body, then closes the connection: a cancelled request. */
async function abandonRequest(port: number): Promise<void> {
  const body = JSON.stringify({ name: 'abandoned', keyType: 'aes256-gcm96' })
  await new Promise<void>((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => {
      s.write(
        `POST /v1/kms/nl-01/keys HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nauthorization: Token ${C.adminPat}\r\n` +
          `x-organisation-identity: ${C.organisation}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
        () => setTimeout(() => s.destroy(), 50)
      )
    })
    s.on('close', () => resolve())
    s.on('error', reject)
  })
}

describe('a client that goes away mid-request', () => {
  it('is not reported as an internal error, creates nothing, and the sandbox keeps serving', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      await abandonRequest(t.sb.port)
      await new Promise((r) => setTimeout(r, 100))
      expect(errors).not.toHaveBeenCalled()
    } finally {
      errors.mockRestore()
    }
    expect((await t.kms('POST', '/keys', { body: { name: 'after', keyType: 'aes256-gcm96' } })).status).toBe(201)
    const names = (await t.kms('GET', '/keys')).list.map((k) => k['name'])
    expect(names).toContain('after')
    expect(names).not.toContain('abandoned')
  })
})
