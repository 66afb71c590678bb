import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { Output } from '../../../../src-main/cli/output'

/** A stdout that queues writes, as pipes do on macOS and Windows: the data is read only later. */
function queuedStdout(): { stream: Writable; received: Buffer[] } {
  const received: Buffer[] = []
  const pending: Array<() => void> = []
  const stream = new Writable({
    write(chunk: Uint8Array, _enc, done) {
      pending.push(() => {
        received.push(Buffer.from(chunk))
        done()
      })
      setTimeout(() => pending.shift()?.(), 5)
    }
  })
  return { stream, received }
}

describe('decrypted bytes on a queued stdout', () => {
  it('are handed on before the caller wipes them', async () => {
    const { stream, received } = queuedStdout()
    const out = new Output('table', false, stream, new Writable({ write: (_c, _e, d) => d() }))
    const bytes = Buffer.from('the plaintext')
    await out.rawBeforeWipe(bytes)
    bytes.fill(0)
    expect(Buffer.concat(received).toString()).toBe('the plaintext')
  })

  it('shows the hazard: the plain raw write then a wipe sends zeroes', async () => {
    const { stream, received } = queuedStdout()
    const out = new Output('table', false, stream, new Writable({ write: (_c, _e, d) => d() }))
    const bytes = Buffer.from('the plaintext')
    out.raw(bytes)
    bytes.fill(0)
    await new Promise((r) => stream.end(r))
    expect(Buffer.concat(received).every((b) => b === 0)).toBe(true)
  })
})
