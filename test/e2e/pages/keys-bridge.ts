import { createHash, createPublicKey } from 'node:crypto'
import type { Bridge } from '../bridge/server'
import type { KmsKey } from '@contract/schemas/kms'
import type { KeyType } from '@contract/key-matrix'

/** Test-side helpers that reach the real sandbox through the bridge's core (not through the UI). */

export function bridgeOf(b: Bridge | undefined): Bridge {
  if (!b) throw new Error('these specs need the web project (the bridge)')
  return b
}

/** Makes the next save dialogs answer with these paths, in order. */
export function queueSavePaths(b: Bridge, ...paths: string[]): void {
  const queue = [...paths]
  b.platform.chooseSavePath = async () => queue.shift()
}

export async function seedKeys(
  b: Bridge,
  region: string,
  specs: { name: string; keyType: KeyType; labels?: Record<string, string> }[]
): Promise<KmsKey[]> {
  const client = await b.core.workspace.client()
  const out: KmsKey[] = []
  for (const s of specs) out.push(await client.createKey(region, s))
  return out
}

/** SHA-256 over the DER SubjectPublicKeyInfo, computed here from the KMS's own public key. */
export async function fingerprintFromKms(b: Bridge, region: string, id: string, version: number): Promise<string> {
  const { keys } = await (await b.core.workspace.client()).getPublicKey(region, id, version)
  const value = keys[String(version)] ?? ''
  const key = value.includes('BEGIN')
    ? createPublicKey(value)
    : createPublicKey({
        key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(value, 'base64')]),
        format: 'der',
        type: 'spki'
      })
  const der = key.export({ format: 'der', type: 'spki' })
  return (createHash('sha256').update(der).digest('hex').match(/../g) ?? []).join(':')
}
