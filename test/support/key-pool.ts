import type { KeyObject } from 'node:crypto'
import { freshKeyPairs, type KeyPairSource } from '../../src-main/sandbox/keygen'

// Made once per worker (a Playwright worker, or a Vitest worker across the files it runs): RSA
// generation takes seconds for 3072 and 4096 bits, and its time varies several-fold from pair to pair.
const made = new Map<string, (Promise<KeyObject> | undefined)[]>()

/**
 * Key pairs for one sandbox: its n-th pair of a given kind is the worker's n-th, made on first
 * use. Within a sandbox every pair is distinct; each test has its own sandbox, so reuse across
 * tests is never visible.
 */
export function pooledKeyPairs(): KeyPairSource {
  const used = new Map<string, number>()
  return (spec) => {
    const kind = JSON.stringify(spec)
    const n = used.get(kind) ?? 0
    used.set(kind, n + 1)
    const list = made.get(kind) ?? []
    made.set(kind, list)
    // A failed generation is not kept: the next sandbox asking for this pair tries again.
    const pair = (list[n] ??= freshKeyPairs(spec).catch((e: unknown) => {
      list[n] = undefined
      throw e
    }))
    return pair
  }
}
