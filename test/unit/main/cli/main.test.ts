import { rm } from 'node:fs/promises'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { cliEnv, tempDir } from './helpers'

/** An io whose output is kept; stdin is empty. */
function io(dir: string) {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const text = (s: PassThrough) => () => String(s.read() ?? '')
  const stdin = new PassThrough()
  stdin.end()
  return { io: { stdout, stderr, stdin, env: cliEnv(dir) }, out: text(stdout), err: text(stderr) }
}

describe('main(argv, io): a command line run without the process', () => {
  it('runs nothing on import: no signal handler, no command', async () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM'), process.exitCode]
    const { main } = await import('../../../../src-main/cli/main')
    expect(typeof main).toBe('function')
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM'), process.exitCode]).toEqual(before)
  })

  it('answers on its own streams with its exit code, and leaves process.exitCode alone', async () => {
    const { main } = await import('../../../../src-main/cli/main')
    const exitCode = process.exitCode
    const dir = await tempDir('tkms-main-')
    const version = io(dir)
    expect(await main(['--version'], version.io)).toBe(0)
    expect(version.out()).toMatch(/^\d+\.\d+\.\d+\n$/)
    const bad = io(dir)
    expect(await main(['--output', 'xml', 'keys', 'list'], bad.io)).toBe(1)
    expect(bad.err()).toContain("argument 'xml' is invalid")
    expect(bad.out()).toBe('')
    expect(process.exitCode).toBe(exitCode)
    await rm(dir, { recursive: true, force: true })
  })
})
