import { createInterface, type Interface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'

/** One stanza of the age header format, which the plugin protocol speaks over stdin/stdout. */
export interface Stanza {
  type: string
  args: string[]
  body: Buffer
}

const LINE = 64
/** Arguments are non-empty runs of visible ASCII (age v1 header ABNF). */
const ARG = /^[\x21-\x7e]+$/

class StanzaError extends Error {
  override name = 'StanzaError'
}

/** Standard base64 without padding; age decoders reject non-canonical input, so this one does too. */
function decodeLine(s: string): Buffer {
  if (!/^[A-Za-z0-9+/]*$/.test(s) || s.length % 4 === 1) throw new StanzaError('stanza body is not canonical base64')
  const b = Buffer.from(s, 'base64')
  if (b.toString('base64').replace(/=+$/, '') !== s) throw new StanzaError('stanza body is not canonical base64')
  return b
}

/** Serialises a stanza exactly as age does: 64-column body lines, always ending with a short line. */
export function encodeStanza(s: Stanza): string {
  for (const a of [s.type, ...s.args]) if (!ARG.test(a)) throw new StanzaError(`invalid stanza argument "${a}"`)
  const b64 = s.body.toString('base64').replace(/=+$/, '')
  const lines: string[] = []
  for (let i = 0; i < b64.length; i += LINE) lines.push(b64.slice(i, i + LINE))
  if (b64.length % LINE === 0) lines.push('')
  return `-> ${[s.type, ...s.args].join(' ')}\n${lines.join('\n')}\n`
}

/** Reads stanzas line by line from a stream (the plugin's stdin). */
export class StanzaReader {
  readonly #lines: AsyncIterator<string>
  readonly #rl: Interface

  constructor(input: Readable) {
    this.#rl = createInterface({ input, crlfDelay: Infinity })
    this.#lines = this.#rl[Symbol.asyncIterator]()
  }

  async #line(): Promise<string> {
    const r = await this.#lines.next()
    if (r.done) throw new StanzaError('age closed the connection in the middle of the protocol')
    return r.value
  }

  async next(): Promise<Stanza> {
    const head = await this.#line()
    if (!head.startsWith('-> ')) throw new StanzaError('expected a stanza line starting with "-> "')
    const [type, ...args] = head.slice(3).split(' ')
    if (!type || ![type, ...args].every((a) => ARG.test(a))) throw new StanzaError('malformed stanza line')
    const parts: Buffer[] = []
    for (;;) {
      const line = await this.#line()
      if (line.length > LINE) throw new StanzaError('stanza body line longer than 64 columns')
      parts.push(decodeLine(line))
      if (line.length < LINE) break
    }
    return { type, args, body: Buffer.concat(parts) }
  }

  close(): void {
    this.#rl.close()
  }
}

/** Both directions of one protocol connection. */
export class StanzaChannel {
  constructor(
    readonly reader: StanzaReader,
    readonly output: Writable
  ) {}

  send(type: string, args: string[] = [], body: Buffer = Buffer.alloc(0)): void {
    this.output.write(encodeStanza({ type, args, body }))
  }

  /** Sends a command of a bi-directional phase and returns the client's answer (ok, fail, unsupported). */
  async ask(type: string, args: string[] = [], body?: Buffer): Promise<Stanza> {
    this.send(type, args, body)
    return this.reader.next()
  }

  /** Reads a uni-directional phase up to `done`. */
  async phase(): Promise<Stanza[]> {
    const out: Stanza[] = []
    for (let s = await this.reader.next(); s.type !== 'done'; s = await this.reader.next()) out.push(s)
    return out
  }
}
