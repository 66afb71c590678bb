import type { VerificationReport } from '@contract/schemas/verification'
import type { KmsClient } from '../kms/client'
import { versionOf } from '../signing/kms-string'
import { describeSigner, kmsFingerprint, type KeyLookup } from '../signing/verify-report'

export interface TextCheck {
  kind: 'signature' | 'hmac'
  valid: boolean
  /** The signature or HMAC string that was checked (its `…:v<N>:` prefix names the version). */
  value: string
  hash: string
  keyVersion?: string
  detail?: string
  scheme?: string
}

const lookupOf = (c: KmsClient): KeyLookup => ({
  keyInfo: (region, id, signal) => c.getKey(region, id, { signal }),
  publicKeys: async (region, id, version, signal) => (await c.getPublicKey(region, id, version, { signal })).keys
})

/** The report of a text verification: text signatures carry no signing time, so none is shown. */
export async function textReport(c: KmsClient, region: string, id: string, t: TextCheck): Promise<VerificationReport> {
  const lookup = lookupOf(c)
  const version = t.keyVersion ?? (versionOf(t.value) !== undefined ? String(versionOf(t.value)) : undefined)
  const known = await c.getKey(region, id).catch(() => undefined)
  const signer = await describeSigner(
    {
      region,
      identity: known?.identity ?? id,
      slug: known?.slug ?? '',
      keyType: known?.keyType ?? 'unknown',
      ...(version ? { keyVersion: version } : {})
    },
    lookup
  )
  const fp = t.kind === 'signature' ? await kmsFingerprint(lookup, region, id, version) : undefined
  return {
    format: 'thalassa-kms-verification-report',
    version: 1,
    kind: t.kind,
    subject: 'text',
    valid: t.valid,
    checkedAt: new Date().toISOString(),
    signer,
    hash: t.hash,
    ...(t.scheme ? { scheme: t.scheme } : {}),
    ...(t.detail ? { method: t.detail } : {}),
    ...(t.valid ? {} : { reason: `The ${t.kind === 'hmac' ? 'HMAC' : 'signature'} does not match this input and key` }),
    ...(fp ? { publicKeyFingerprint: fp } : {})
  }
}
