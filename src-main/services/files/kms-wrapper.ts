import type { KmsClient } from '../kms/client'
import type { DataKeyWrapper } from '../file-format/types'

/**
 * The envelope's data key is wrapped and unwrapped by the KMS `encrypt`/`decrypt` of each
 * recipient key: one KMS call per recipient per file, never per chunk.
 */
export function kmsDataKeyWrapper(client: () => Promise<KmsClient>): DataKeyWrapper {
  return {
    async wrap(r, dataKey, signal) {
      const res = await (
        await client()
      ).encrypt(r.region, r.identity, { plaintext: Buffer.from(dataKey).toString('base64') }, { signal })
      return res.ciphertext
    },
    async unwrap(r, kmsCiphertext, signal) {
      const res = await (await client()).decrypt(r.region, r.identity, { ciphertext: kmsCiphertext }, { signal })
      const bytes = Buffer.from(res.plaintext, 'base64')
      const out = new Uint8Array(bytes)
      bytes.fill(0)
      return out
    }
  }
}
