import type { WrappedRecipient } from '../file-format/types'
import { versionOf } from '../signing/kms-string'

/** Which files a bulk re-encryption picks, by what their headers say (nothing is decrypted). */
export interface ReencryptCriteria {
  /** Files with a recipient that is one of these keys (region + identity). */
  keys?: { region: string; identity: string }[]
  /** With `keys`: only when that recipient's data key was wrapped by a key version below this. */
  belowVersion?: number
  /** Files with a recipient key that is disabled or pending deletion (looked up in the KMS). */
  unusableKeys?: boolean
}

/** Tells whether a recipient key is disabled or pending deletion; the caller caches per key. */
export type StatusLookup = (r: { region: string; identity: string }) => Promise<string | undefined>

/** The recipients of a header that make it match, with the reason, or [] when it does not. */
export async function matchRecipients(
  rs: readonly WrappedRecipient[],
  c: ReencryptCriteria,
  status?: StatusLookup
): Promise<string[]> {
  const why: string[] = []
  for (const r of rs) {
    const named = c.keys?.some((k) => k.region === r.region && k.identity === r.identity)
    if (named) {
      const v = versionOf(r.ciphertext)
      if (c.belowVersion === undefined) why.push(`uses ${r.region}/${r.slug || r.identity}${v ? ` v${v}` : ''}`)
      else if (v !== undefined && v < c.belowVersion)
        why.push(`uses ${r.region}/${r.slug || r.identity} v${v} (below v${c.belowVersion})`)
    }
    if (c.unusableKeys && status) {
      const s = await status(r)
      if (s === 'disabled' || s === 'pending_deletion')
        why.push(`uses ${r.region}/${r.slug || r.identity}, which is ${s.replace('_', ' ')}`)
    }
  }
  return why
}
