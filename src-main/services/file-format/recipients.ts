import { cancelled, FileError, fromWrapperError, isAbort } from '../shared/file-errors'
import { deriveKeys, macMatches, wipeKeys, type FileKeys } from './key-schedule'
import type { ParsedHeader } from './header'
import type { DataKeyWrapper, RecipientRef, WrappedRecipient } from './types'

function describe(r: RecipientRef): string {
  return `${r.region}/${r.slug || r.identity}`
}

export function assertRecipients(rs: readonly RecipientRef[]): void {
  if (rs.length === 0) throw new FileError('bad_input', 'Choose at least one recipient key to encrypt to')
  const seen = new Set<string>()
  for (const r of rs) {
    if (!r.region || !r.identity) throw new FileError('bad_input', 'A recipient key needs a region and an identity')
    const k = `${r.region}\u0000${r.identity}`
    if (seen.has(k)) throw new FileError('bad_input', `Recipient ${describe(r)} is listed twice`)
    seen.add(k)
  }
}

/** One KMS encrypt per recipient key; all must succeed, or the file is not written. */
export async function wrapAll(
  rs: readonly RecipientRef[],
  dataKey: Uint8Array,
  w: DataKeyWrapper,
  signal?: AbortSignal
): Promise<WrappedRecipient[]> {
  const out: WrappedRecipient[] = []
  for (const r of rs) {
    if (signal?.aborted) throw cancelled()
    try {
      const ciphertext = await w.wrap(r, dataKey, signal)
      out.push({ region: r.region, identity: r.identity, slug: r.slug, ciphertext })
    } catch (e) {
      throw fromWrapperError(e, `Key ${describe(r)} could not encrypt the file key`)
    }
  }
  return out
}

export interface Opened {
  keys: FileKeys
  recipient: RecipientRef
}

/**
 * Tries each recipient in header order until the KMS returns a data key; that key must verify the
 * header MAC (the key commitment) or the file is refused at once, as age does: a recipient whose
 * key does not verify means the header was modified, so later recipients are not asked. Reports
 * every recipient's failure when no KMS call succeeds.
 */
export async function unwrapAny(
  h: ParsedHeader,
  w: DataKeyWrapper,
  path: string,
  signal?: AbortSignal
): Promise<Opened> {
  const failures: FileError[] = []
  for (const r of h.fields.recipients) {
    if (signal?.aborted) throw cancelled()
    let dataKey: Uint8Array
    try {
      dataKey = await w.unwrap(r, r.ciphertext, signal)
    } catch (e) {
      if (isAbort(e) || signal?.aborted) throw cancelled()
      failures.push(fromWrapperError(e, describe(r)))
      continue
    }
    try {
      const keys = dataKey.length === 32 ? deriveKeys(dataKey, h.fields.salt) : undefined
      if (keys && macMatches(keys.headerMac, h.authenticated, h.mac)) {
        return { keys, recipient: { region: r.region, identity: r.identity, slug: r.slug } }
      }
      if (keys) wipeKeys(keys)
      throw headerModified(path, r)
    } finally {
      dataKey.fill(0)
    }
  }
  const first = failures[0]
  if (!first) throw new FileError('internal', `${path}: no recipients to try`)
  const detail = failures.map((f) => f.message).join('; ')
  const keys = h.fields.recipients.map(describe).join(', ')
  throw new FileError(first.code, `No recipient key could open ${path}: ${detail}`, {
    hint:
      first.code === 'key_not_usable'
        ? `This file was encrypted with ${keys}: enable that key, or cancel its deletion if it is pending deletion, then try again.`
        : first.code === 'no_write_access'
          ? `This file was encrypted with ${keys}; your token may read that key but not use it to decrypt. Use a profile allowed to use it.`
          : first.code === 'not_found_or_no_access'
            ? `This file was encrypted with ${keys}: sign in to the organisation and project that own that key, with decrypt permission.`
            : 'Check your connection and the key, then try again.'
  })
}

/** docs/file-format.md §4.2 step 2: the exact refusal when a recipient's data key does not verify. */
function headerModified(path: string, r: RecipientRef): FileError {
  return new FileError(
    'integrity',
    `${path}: header authentication failed with the data key of recipient ${describe(r)} (the header was modified, or the file is damaged)`,
    {
      hint: 'Do not trust this file; get a fresh copy from its sender.'
    }
  )
}
