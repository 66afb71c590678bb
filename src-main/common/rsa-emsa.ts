import { constants, createHash, publicDecrypt, timingSafeEqual, type KeyObject } from 'node:crypto'

/** RSA signature encodings (RFC 8017) that node:crypto does not expose over a ready digest. */
export type EmsaHash = 'sha256' | 'sha384' | 'sha512'

/** The DER DigestInfo prefix of EMSA-PKCS1-v1_5 per hash (RFC 8017 §9.2, note 1). */
export const DIGEST_INFO: Record<EmsaHash, string> = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440'
}

/** MGF1 (RFC 8017 §B.2.1) with the given hash. */
export function mgf1(seed: Buffer, length: number, hash: EmsaHash): Buffer {
  const parts: Buffer[] = []
  for (let c = 0, got = 0; got < length; c++) {
    const counter = Buffer.alloc(4)
    counter.writeUInt32BE(c)
    const d = createHash(hash).update(seed).update(counter).digest()
    parts.push(d)
    got += d.length
  }
  return Buffer.concat(parts).subarray(0, length)
}

/** EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with the salt length read from the encoding: any salt. */
export function pssOverDigest(pub: KeyObject, digest: Buffer, sig: Buffer, hash: EmsaHash): boolean {
  const modBits = pub.asymmetricKeyDetails?.modulusLength ?? 0
  let raw: Buffer
  try {
    raw = publicDecrypt({ key: pub, padding: constants.RSA_NO_PADDING }, sig)
  } catch {
    return false
  }
  const emBits = modBits - 1
  const emLen = Math.ceil(emBits / 8)
  const hLen = digest.length
  const em = raw.subarray(raw.length - emLen)
  if (emLen < hLen + 2 || em[em.length - 1] !== 0xbc) return false
  const topMask = 0xff >> (8 * emLen - emBits)
  if ((em[0]! & ~topMask) !== 0) return false
  const db = Buffer.from(em.subarray(0, emLen - hLen - 1))
  const h = em.subarray(emLen - hLen - 1, emLen - 1)
  const mask = mgf1(h, db.length, hash)
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!
  db[0]! &= topMask
  const one = db.findIndex((b) => b !== 0)
  if (one < 0 || db[one] !== 1) return false
  const salt = db.subarray(one + 1)
  const want = createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest()
  return timingSafeEqual(want, h)
}

export function pkcs1OverDigest(pub: KeyObject, digest: Buffer, sig: Buffer, hash: EmsaHash): boolean {
  try {
    const t = publicDecrypt({ key: pub, padding: constants.RSA_PKCS1_PADDING }, sig)
    const want = Buffer.concat([Buffer.from(DIGEST_INFO[hash], 'hex'), digest])
    return t.length === want.length && timingSafeEqual(t, want)
  } catch {
    return false
  }
}
