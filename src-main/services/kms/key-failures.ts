import { classify400, writeKind, type KeyOp } from './classify'
import type { CallOpts, ClientCore } from './client-core'
import { KmsError, noWriteAccess, type ErrorContext } from './errors'
import { getKey, listKeys } from './reads'

/** Runs a call on one key; a 400 gets its sub-code from the operation and the key's last read. */
export async function onKey<T>(c: ClientCore, region: string, id: string, op: KeyOp, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    if (e instanceof KmsError && e.appError.status === 404 && writeKind(op)) throw await unmask404(c, e, region, id, op)
    if (!(e instanceof KmsError) || e.appError.status !== 400) throw e
    let known = c.known.get(`${region}/${id}`)
    // Never read: one GET learns the type and status (best effort; the 400 stands either way).
    if (!known)
      known = await getKey(c, region, id).then(
        (k) => c.known.get(`${region}/${k.identity}`),
        () => undefined
      )
    throw classify400(e, op, known)
  }
}

/** A 404 on a write: if the same token can read the key, the 404 masks a missing permission. */
async function unmask404(c: ClientCore, e: KmsError, region: string, id: string, op: KeyOp): Promise<KmsError> {
  const readable = await getKey(c, region, id).then(
    () => true,
    () => false
  )
  const kind = writeKind(op)
  return readable && kind
    ? noWriteAccess({ action: e.appError.message.split(' failed:')[0] ?? 'The request', region, keyId: id }, kind)
    : e
}

/**
 * A 404 on a region-level write (create, the wrapping key): when the same token can list keys in
 * that region, the 404 masks a missing permission. Throws that, or returns for the caller to go on.
 */
export async function unmaskRegion404(
  c: ClientCore,
  e: unknown,
  region: string,
  ctx: ErrorContext,
  o?: CallOpts
): Promise<void> {
  if (
    e instanceof KmsError &&
    e.appError.status === 404 &&
    (await listKeys(c, region, {}, o).then(
      () => true,
      () => false
    ))
  )
    throw noWriteAccess(ctx, 'change')
}
