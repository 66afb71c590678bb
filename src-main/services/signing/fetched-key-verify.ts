import { kmsBytes, versionOf } from './kms-string'
import { SCHEME_LABEL, verifyLocally, type SignatureScheme, type VerifyHash } from './local-verify'
import { parsePublicKey } from './public-key'

/** The two reads online verification needs (GET public-key, GET key); the caller maps errors. */
export interface PublicKeySource {
  publicKeys(
    region: string,
    id: string,
    version: number | undefined,
    signal?: AbortSignal
  ): Promise<Record<string, string>>
  latestVersion(region: string, id: string, signal?: AbortSignal): Promise<number | undefined>
}

export interface FetchedVerifyResult {
  valid: boolean
  scheme?: SignatureScheme
  /** The key version whose public key matched. */
  version?: number
  /** What was done, in words for the user. */
  detail: string
}

/**
 * Verifies a signature made over a digest (or a message) with the key's public key fetched from
 * the KMS. The version comes from the signature's `…:v<N>:` prefix, else from what the caller
 * recorded at signing; without either, the latest version is tried first, then older ones.
 */
export async function verifyWithKmsPublicKey(
  src: PublicKeySource,
  o: {
    region: string
    id: string
    signature: string
    hash: VerifyHash
    prehashed: boolean
    data: Buffer
    recordedVersion?: string
    signal?: AbortSignal
  }
): Promise<FetchedVerifyResult> {
  const sig = kmsBytes(o.signature)
  const known =
    versionOf(o.signature) ??
    (o.recordedVersion && /^[1-9][0-9]*$/.test(o.recordedVersion) ? Number(o.recordedVersion) : undefined)
  let candidates: number[]
  if (known !== undefined) candidates = [known]
  else {
    const latest = await src.latestVersion(o.region, o.id, o.signal)
    candidates = latest ? Array.from({ length: latest }, (_, i) => latest - i) : []
  }
  const tryPem = (pem: string, version: number): FetchedVerifyResult | undefined => {
    const r = verifyLocally({
      publicKey: parsePublicKey(pem),
      hash: o.hash,
      prehashed: o.prehashed,
      data: o.data,
      signature: sig
    })
    return r.valid
      ? {
          valid: true,
          scheme: r.scheme!,
          version,
          detail: `verified with the public key of version ${version}, fetched from the KMS (${SCHEME_LABEL[r.scheme!]})`
        }
      : undefined
  }
  if (candidates.length === 0) {
    // The key did not say its latest version: take every public key it returns, newest first.
    const all = Object.entries(await src.publicKeys(o.region, o.id, undefined, o.signal)).sort(
      (a, b) => Number(b[0]) - Number(a[0])
    )
    for (const [v, pem] of all) {
      const ok = tryPem(pem, Number(v))
      if (ok) return ok
    }
    return {
      valid: false,
      detail: `checked against ${all.length} public key version(s) fetched from the KMS; none matches`
    }
  }
  for (const v of candidates) {
    const keys = await src.publicKeys(o.region, o.id, v, o.signal)
    const pem = keys[String(v)] ?? Object.values(keys)[0]
    const ok = pem === undefined ? undefined : tryPem(pem, v)
    if (ok) return ok
  }
  return {
    valid: false,
    detail:
      candidates.length === 1
        ? `checked with the public key of version ${candidates[0]}, fetched from the KMS`
        : `checked against versions ${candidates[0]} to ${candidates.at(-1)} of the key, fetched from the KMS; none matches`
  }
}
