import { readFile } from 'node:fs/promises'
import { FileError, ioError } from '../services/shared/file-errors'
import { UsageError } from './errors'
import type { CliStdin } from './io'

async function readStdin(stdin: CliStdin): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer))
  return Buffer.concat(chunks)
}

/** The data a text command works on: --text, else --in FILE, else piped stdin. */
export async function readInput(o: { text?: string; in?: string }, what: string, stdin: CliStdin): Promise<Buffer> {
  if (o.text !== undefined && o.in !== undefined) throw new UsageError('Give either --text or --in, not both.')
  if (o.text !== undefined) return Buffer.from(o.text, 'utf8')
  if (o.in !== undefined && o.in !== '-') {
    try {
      return await readFile(o.in)
    } catch (e) {
      throw ioError(e, o.in, 'read')
    }
  }
  if (stdin.isTTY) throw new UsageError(`No ${what} given.`, `Pass --text, --in FILE, or pipe the ${what} on stdin.`)
  return readStdin(stdin)
}

/** One line of a secret from stdin (trailing newline removed), e.g. `pass show x | tkms ... --secret-stdin`. */
export async function secretFromStdin(stdin: CliStdin): Promise<string> {
  const text = (await readStdin(stdin)).toString('utf8').replace(/\r?\n$/, '')
  if (!text) throw new UsageError('Nothing was read from stdin.', 'Pipe the token or client secret into the command.')
  return text
}

/** Asks for a secret on the terminal with echo off. Ctrl-C aborts with nothing stored. */
export function promptSecret(question: string, stdin: CliStdin, stderr: NodeJS.WritableStream): Promise<string> {
  const setRawMode = stdin.setRawMode?.bind(stdin)
  if (!stdin.isTTY || !setRawMode)
    throw new UsageError('There is no terminal to ask for the secret.', 'Pipe it in and add --secret-stdin.')
  return new Promise((resolve, reject) => {
    let value = ''
    stderr.write(question)
    setRawMode(true)
    stdin.resume()
    stdin.setEncoding('utf8')
    const done = (err?: Error) => {
      setRawMode(false)
      stdin.pause()
      stdin.off('data', onData)
      stderr.write('\n')
      if (err) reject(err)
      else resolve(value)
    }
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done()
        if (ch === '\u0003') return done(new FileError('cancelled', 'Cancelled; nothing was stored.'))
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1)
        else value += ch
      }
    }
    stdin.on('data', onData)
  })
}
