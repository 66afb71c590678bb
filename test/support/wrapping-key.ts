import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { readFile } from 'node:fs/promises'

// A fixed RSA-4096 key made for tests only: the sandbox generating one costs seconds of CPU.
const PEM = new URL('../fixtures/byok/sandbox-wrapping-key.test-only.pem', import.meta.url)

/**
 * TEST ONLY: gives a sandbox region its BYOK wrapping key up front, for tests of what is done with
 * the key (GET wrapping-key answers as before); the sandbox's own generation is tested in
 * test/unit/main/sandbox (byok, persistence).
 */
export async function presetTestWrappingKey(
  sandbox: { presetWrappingKey(region: string, pem: string): Promise<void> },
  region = 'nl-01'
): Promise<void> {
  await sandbox.presetWrappingKey(region, await readFile(PEM, 'utf8'))
}

/** TEST ONLY: the same RSA-4096 key as a pair, for fakes that need a wrapping key and no fresh one. */
export async function testWrappingKeyPair(): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  const privateKey = createPrivateKey(await readFile(PEM, 'utf8'))
  return { privateKey, publicKey: createPublicKey(privateKey) }
}
