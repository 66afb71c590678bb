import type { AppError } from '@contract/errors'
import type { KmsKey } from '@contract/schemas/kms'

/** Answers after which the server may or may not have created the key. */
const AMBIGUOUS = new Set(['network', 'timeout', 'server', 'rate_limited', 'region_unavailable', 'cancelled'])

export interface CreateDeps<B extends { name: string; keyType: string }> {
  create: (body: B) => Promise<KmsKey>
  /** Keys with exactly this name in the target scope. */
  findByName: (name: string) => Promise<KmsKey[]>
  codeOf: (e: unknown) => AppError['code']
  now?: () => number
}

/**
 * Never creates a key twice: a second submit while one is in flight joins it, and a retry after an
 * answer that may have been lost first looks for the key the earlier attempt made.
 */
export class CreateOnce<B extends { name: string; keyType: string }> {
  #inFlight: Promise<KmsKey> | undefined
  #uncertainSince: { name: string; keyType: string; at: number } | undefined

  constructor(private readonly deps: CreateDeps<B>) {}

  get busy(): boolean {
    return this.#inFlight !== undefined
  }

  run(body: B): Promise<KmsKey> {
    this.#inFlight ??= this.#attempt(body).finally(() => (this.#inFlight = undefined))
    return this.#inFlight
  }

  async #attempt(body: B): Promise<KmsKey> {
    const now = this.deps.now ?? Date.now
    const prior = this.#uncertainSince
    const same = prior !== undefined && prior.name === body.name && prior.keyType === body.keyType
    if (prior && same) {
      // Ten minutes of clock skew between this machine and the KMS are tolerated.
      const made = (await this.deps.findByName(body.name)).find(
        (k) => k.name === body.name && k.keyType === body.keyType && Date.parse(k.createdAt) >= prior.at - 10 * 60_000
      )
      if (made) {
        this.#uncertainSince = undefined
        return made
      }
    }
    const at = prior && same ? prior.at : now()
    try {
      const key = await this.deps.create(body)
      this.#uncertainSince = undefined
      return key
    } catch (e) {
      this.#uncertainSince = AMBIGUOUS.has(this.deps.codeOf(e))
        ? { name: body.name, keyType: body.keyType, at }
        : undefined
      throw e
    }
  }
}
