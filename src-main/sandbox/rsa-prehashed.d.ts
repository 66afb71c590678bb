import { type KeyObject } from 'node:crypto';
/**
 * RSA signatures over a caller-supplied digest (`prehashed: true`): node:crypto's sign() always
 * hashes, so the padding (EMSA-PSS or EMSA-PKCS1-v1_5, RFC 8017) is built here and the raw RSA
 * operation comes from OpenSSL through privateEncrypt/publicDecrypt.
 */
export type Hash = 'sha256' | 'sha384' | 'sha512';
export declare function signDigestPkcs1(priv: KeyObject, digest: Buffer, hash: Hash): Buffer;
export declare function verifyDigestPkcs1(pub: KeyObject, digest: Buffer, sig: Buffer, hash: Hash): boolean;
export declare function signDigestPss(priv: KeyObject, digest: Buffer, hash: Hash): Buffer;
export declare function verifyDigestPss(pub: KeyObject, digest: Buffer, sig: Buffer, hash: Hash): boolean;
