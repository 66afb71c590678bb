import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { promptSecret } from '../../../../src-main/cli/input'

/** A stand-in terminal: a stream that says it is a TTY and records raw-mode switches. */
function terminal() {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, modes: [] as boolean[] })
  const setRawMode = (on: boolean) => {
    stdin.modes.push(on)
    return stdin
  }
  const written: string[] = []
  const stderr = Object.assign(new PassThrough(), { isTTY: true })
  stderr.on('data', (d: Buffer) => written.push(String(d)))
  return {
    stdin: Object.assign(stdin, { setRawMode }) as unknown as NodeJS.ReadStream & { modes: boolean[] },
    stderr: stderr as unknown as NodeJS.WriteStream,
    written
  }
}

describe('the secret prompt', () => {
  it('reads with echo off (raw mode on, then off), honours backspace, and never writes the secret', async () => {
    const t = terminal()
    const answer = promptSecret('Token: ', t.stdin, t.stderr)
    t.stdin.write('tc_pat_s3cx')
    t.stdin.write('\u007f')
    t.stdin.write('ret\r')
    await expect(answer).resolves.toBe('tc_pat_s3cret')
    expect(t.stdin.modes).toEqual([true, false])
    expect(t.written.join('')).toBe('Token: \n')
  })

  it('Ctrl-C cancels with nothing returned', async () => {
    const t = terminal()
    const answer = promptSecret('Token: ', t.stdin, t.stderr)
    t.stdin.write('abc\u0003')
    await expect(answer).rejects.toMatchObject({ code: 'cancelled' })
    expect(t.stdin.modes).toEqual([true, false])
  })

  it('refuses to prompt without a terminal and says how to pipe the secret instead', () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.ReadStream
    const stderr = new PassThrough()
    expect(() => promptSecret('Token: ', stdin, stderr)).toThrow(/no terminal/)
    expect(stderr.read()).toBeNull()
  })
})
