import { createHash } from 'node:crypto'
import { AppFailure, toAppError } from '../kms/errors'

interface Origin {
  region: string
  key: string
}

const MAX = 500
const digest = (ciphertext: string): string => createHash('sha256').update(ciphertext.trim()).digest('hex')

/**
 * Remembers, for this session only, which key made each ciphertext the app produced (by its
 * SHA-256, never the text), so a decrypt with another key can say which key to pick instead.
 */
export class CiphertextOrigins {
  readonly #seen = new Map<string, Origin>()

  remember(ciphertext: string, origin: Origin): void {
    const d = digest(ciphertext)
    this.#seen.delete(d)
    this.#seen.set(d, origin)
    if (this.#seen.size > MAX) this.#seen.delete(this.#seen.keys().next().value as string)
  }

  origin(ciphertext: string): Origin | undefined {
    return this.#seen.get(digest(ciphertext))
  }

  /**
   * A failed decrypt: when the text was made here with another key, the hint names that key
   * (not "enable the key" or "check the values", which would send the user the wrong way).
   * `nameOf` turns an id into the key's name for the hint (best effort: the id otherwise).
   */
  async explain(
    e: unknown,
    ciphertext: string,
    tried: Origin,
    nameOf: (o: Origin) => Promise<string>
  ): Promise<unknown> {
    const made = this.origin(ciphertext)
    const err = toAppError(e)
    if (!made || (made.key === tried.key && made.region === tried.region) || err.status !== 400) return e
    const [madeName, triedName] = await Promise.all([made, tried].map((o) => nameOf(o).catch(() => o.key)))
    return new AppFailure({
      ...err,
      code: 'wrong_operation',
      hint: `This text was encrypted with key ${madeName}${made.region !== tried.region ? ` in region ${made.region}` : ''}, not ${triedName}: decrypt it with that key.`
    })
  }
}
