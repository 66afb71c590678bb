import { ByokError } from './errors'
import type { ImportableKeyType } from './types'

export interface MaterialPublicKey {
  /** PEM `PUBLIC KEY` (SPKI) derived from the private material. */
  pem: string
  fingerprint: string
}

/**
 * Checked key material in its import encoding: raw bytes for symmetric keys, PKCS#8 DER for
 * asymmetric ones. It owns its buffer and zeroes it on `destroy()`; the flows that wrap it
 * (prepareBundle, importOneStep) destroy it when done, so write any backup first.
 */
export class KeyMaterial {
  #bytes: Buffer
  #destroyed = false

  constructor(
    readonly keyType: ImportableKeyType,
    bytes: Buffer,
    readonly publicKey?: MaterialPublicKey
  ) {
    this.#bytes = bytes
  }

  get bytes(): Buffer {
    if (this.#destroyed) {
      throw new ByokError(
        'internal',
        'This key material was already wrapped and erased from memory.',
        'Load or generate it again.'
      )
    }
    return this.#bytes
  }

  get destroyed(): boolean {
    return this.#destroyed
  }

  get length(): number {
    return this.#bytes.length
  }

  destroy(): void {
    this.#bytes.fill(0)
    this.#destroyed = true
  }

  /** Never let material leak through logging or JSON serialisation. */
  toJSON(): { keyType: ImportableKeyType; publicKeyFingerprint?: string } {
    return this.publicKey
      ? { keyType: this.keyType, publicKeyFingerprint: this.publicKey.fingerprint }
      : { keyType: this.keyType }
  }
}
