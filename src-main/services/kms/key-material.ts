import { PublicKeysSchema, WrappingKeySchema, type PublicKeys, type WrappingKey } from '@contract/schemas/kms'
import { seg, type CallOpts, type ClientCore } from './client-core'
import { ver } from './crypto-ops'
import { onKey, unmaskRegion404 } from './key-failures'
import { omitEmpty } from './sdk-body'
import * as W from './wire'

/** The key material endpoints: the region's wrapping key (BYOK), a key's public keys, and export. */

/** The API guards the wrapping key as a create: a 404 to a token that can list keys here masks that. */
export async function getWrappingKey(c: ClientCore, region: string, o?: CallOpts): Promise<WrappingKey> {
  const ctx = c.ctx('Reading the wrapping key', region)
  try {
    return await c.run(
      {
        method: 'GET',
        path: `/v1/kms/${seg(region, 'region')}/wrapping-key`,
        schema: WrappingKeySchema,
        idempotent: true,
        ctx
      },
      o
    )
  } catch (e) {
    await unmaskRegion404(c, e, region, ctx, o)
    throw e
  }
}

export async function getPublicKey(
  c: ClientCore,
  region: string,
  id: string,
  version?: number,
  o?: CallOpts
): Promise<PublicKeys> {
  const query = { version: version === undefined ? undefined : String(version) }
  return await onKey(c, region, id, 'public-key', () =>
    c.run(
      {
        method: 'GET',
        path: c.keyPath(region, id, '/public-key'),
        query,
        schema: PublicKeysSchema,
        idempotent: true,
        ctx: c.ctx(`Reading the public key of ${id}`, region, id)
      },
      o
    )
  )
}

export async function exportKey(
  c: ClientCore,
  region: string,
  id: string,
  i: W.ExportInput = {},
  o?: CallOpts
): Promise<W.ExportKeyResponse> {
  return await onKey(c, region, id, 'export', () =>
    c.run(
      {
        method: 'POST',
        path: c.keyPath(region, id, '/export'),
        body: omitEmpty({ keyVersion: ver(i.keyVersion) }),
        schema: W.ExportKeyResponseSchema,
        idempotent: false,
        ctx: c.ctx(`Exporting key ${id}`, region, id)
      },
      o
    )
  )
}
