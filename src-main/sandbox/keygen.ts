import { generateKeyPair, type KeyObject } from 'node:crypto'
import { promisify } from 'node:util'

/** The key pairs the sandbox makes: key versions of asymmetric types and the regions' wrapping keys. */
export type KeyPairSpec =
  { type: 'rsa'; modulusLength: number } | { type: 'ec'; namedCurve: string } | { type: 'ed25519' }

/** Where new private keys come from; the sandbox calls it once per key pair it needs. */
export type KeyPairSource = (spec: KeyPairSpec) => Promise<KeyObject>

const generate = promisify(generateKeyPair)

/** Fresh keys from OpenSSL, on the thread pool (the default, and all the app and the CLI use). */
export const freshKeyPairs: KeyPairSource = async (spec) => {
  switch (spec.type) {
    case 'rsa':
      return (await generate('rsa', { modulusLength: spec.modulusLength })).privateKey
    case 'ec':
      return (await generate('ec', { namedCurve: spec.namedCurve })).privateKey
    case 'ed25519':
      return (await generate('ed25519', {})).privateKey
  }
}
