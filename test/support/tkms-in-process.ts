import { Readable, Writable } from 'node:stream'
import { main } from '../../src-main/cli/main'
import { fileKeychain } from './file-keychain'

export interface InProcessRun {
  code: number
  stdout: string
  stderr: string
}

/** A stream that keeps what is written to it. */
function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      // A copy, as a pipe's kernel buffer takes one: the CLI zeroes plaintext buffers once written.
      chunks.push(Buffer.from(chunk))
      done()
    }
  })
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') }
}

/** The working folder runs now in progress moved this process to, and how many there are. */
let moved: { cwd: string; home: string; runs: number } | undefined

/**
 * Relative paths in a command line resolve against the process's working folder, which is the
 * one piece of process state a run cannot have of its own: runs in progress at the same time must
 * share it, and the last one to end moves the process back.
 */
async function inFolder<T>(cwd: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (cwd === undefined) return fn()
  if (moved && moved.cwd !== cwd)
    throw new Error(`tkms runs at the same time need one working folder (${moved.cwd}, not ${cwd})`)
  if (!moved) {
    const home = process.cwd()
    process.chdir(cwd)
    moved = { cwd, home, runs: 0 }
  }
  const m = moved
  m.runs++
  try {
    return await fn()
  } finally {
    if (--m.runs === 0) {
      moved = undefined
      process.chdir(m.home)
    }
  }
}

/**
 * TEST ONLY: runs one `tkms` command line in this process, as `tkms args…` would run with this
 * environment, stdin and working folder, and resolves its exit code and output. Each run has its
 * own output streams, stdin, environment and exit code (the process's are neither read nor
 * changed), and keeps secrets in the stand-in keychain file named by env.TKMS_TEST_KEYCHAIN_FILE.
 * The working folder is the process's for the time of the run (inFolder). The file workers stay up
 * between runs; the test file stops them (closeSharedPool) when it ends.
 */
export async function tkmsInProcess(
  args: string[],
  o: { env: NodeJS.ProcessEnv; input?: string | Buffer; cwd?: string }
): Promise<InProcessRun> {
  const out = sink()
  const err = sink()
  const code = await inFolder(o.cwd, () =>
    main(args, {
      stdout: out.stream,
      stderr: err.stream,
      stdin: Readable.from(o.input === undefined || o.input.length === 0 ? [] : [Buffer.from(o.input)]),
      env: { ...o.env },
      ...(o.env['HOME'] ? { home: o.env['HOME'] } : {}),
      secretBackend: fileKeychain(o.env['TKMS_TEST_KEYCHAIN_FILE']),
      keepFileWorkers: true
    })
  )
  return { code, stdout: out.text(), stderr: err.text() }
}
