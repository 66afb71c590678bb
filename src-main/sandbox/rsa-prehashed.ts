import { constants, createHash, privateEncrypt, publicDecrypt, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto'

/**
 * RSA signatures over a caller-supplied digest (`prehashed: true`): node:crypto's sign() always
 * hashes, so the padding (EMSA-PSS or EMSA-PKCS1-v1_5, RFC 8017) is built here and the raw RSA
 * operation comes from OpenSSL through privateEncrypt/publicDecrypt.
 */
export type Hash = 'sha256' | 'sha384' | 'sha512'

const DIGEST_INFO: Record<Hash, string> = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440'
}

function mgf1(seed: Buffer, length: number, hash: Hash): Buffer {
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

function modBits(key: KeyObject): number {
  return key.asymmetricKeyDetails?.modulusLength ?? 0
}

export function signDigestPkcs1(priv: KeyObject, digest: Buffer, hash: Hash): Buffer {
  const t = Buffer.concat([Buffer.from(DIGEST_INFO[hash], 'hex'), digest])
  return privateEncrypt({ key: priv, padding: constants.RSA_PKCS1_PADDING }, t)
}

export function verifyDigestPkcs1(pub: KeyObject, digest: Buffer, sig: Buffer, hash: Hash): boolean {
  try {
    const t = publicDecrypt({ key: pub, padding: constants.RSA_PKCS1_PADDING }, sig)
    const want = Buffer.concat([Buffer.from(DIGEST_INFO[hash], 'hex'), digest])
    return t.length === want.length && timingSafeEqual(t, want)
  } catch {
    return false
  }
}

export function signDigestPss(priv: KeyObject, digest: Buffer, hash: Hash): Buffer {
  const emBits = modBits(priv) - 1
  const emLen = Math.ceil(emBits / 8)
  const hLen = digest.length
  const salt = randomBytes(hLen)
  const hh = createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest()
  const db = Buffer.concat([Buffer.alloc(emLen - 2 * hLen - 2), Buffer.from([1]), salt])
  const mask = mgf1(hh, db.length, hash)
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!
  db[0]! &= 0xff >> (8 * emLen - emBits)
  const em = Buffer.concat([db, hh, Buffer.from([0xbc])])
  const k = modBits(priv) / 8
  const padded = Buffer.concat([Buffer.alloc(k - em.length), em])
  return privateEncrypt({ key: priv, padding: constants.RSA_NO_PADDING }, padded)
}

export function verifyDigestPss(pub: KeyObject, digest: Buffer, sig: Buffer, hash: Hash): boolean {
  let raw: Buffer
  try {
    raw = publicDecrypt({ key: pub, padding: constants.RSA_NO_PADDING }, sig)
  } catch {
    return false
  }
  const emBits = modBits(pub) - 1
  const emLen = Math.ceil(emBits / 8)
  const hLen = digest.length
  const em = raw.subarray(raw.length - emLen)
  if (em[em.length - 1] !== 0xbc || emLen < 2 * hLen + 2) return false
  const db = Buffer.from(em.subarray(0, emLen - hLen - 1))
  const hh = em.subarray(emLen - hLen - 1, emLen - 1)
  const mask = mgf1(hh, db.length, hash)
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!
  db[0]! &= 0xff >> (8 * emLen - emBits)
  const sep = emLen - 2 * hLen - 2
  if (db.subarray(0, sep).some((b) => b !== 0) || db[sep] !== 1) return false
  const salt = db.subarray(sep + 1)
  const want = createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest()
  return timingSafeEqual(want, hh)
}
