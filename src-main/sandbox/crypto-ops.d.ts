import { type KeyType } from '../../src-preload/contract/schemas/key-types';
import { type Hash } from './rsa-prehashed';
export type { Hash };
export declare const HASH_BYTES: Record<Hash, number>;
/** `sha2-256` (the documented vocabulary) or `sha256`, in any case. */
export declare function parseHash(value: unknown, field: string, fallback: Hash): Hash;
/** `thalassa:v<N>:<base64>`: the version lets decrypt/verify pick the right key version. */
export declare const formatVersioned: (version: number, data: Buffer) => string;
export declare function parseVersioned(value: unknown, field: string): {
    version: number;
    data: Buffer;
};
/** Symmetric: nonce(12) ‖ ciphertext ‖ tag(16). RSA: RSA-OAEP-SHA256. */
export declare function encrypt(t: KeyType, material: Buffer, plaintext: Buffer): Buffer;
export declare function decrypt(t: KeyType, material: Buffer, data: Buffer): Buffer;
export type SignOptions = {
    hash: Hash;
    prehashed: boolean;
    scheme: 'pss' | 'pkcs1v15';
};
/** RSA: PSS (salt = digest length) or PKCS#1 v1.5; ECDSA: DER; Ed25519: pure. */
export declare function sign(t: KeyType, material: Buffer, input: Buffer, o: SignOptions): Buffer;
export declare function verify(t: KeyType, material: Buffer, input: Buffer, sig: Buffer, o: SignOptions): boolean;
/** The hash of an HMAC key: fixed for hmac-sha256/512; `hmac` takes the request's choice (default sha2-256). */
export declare function hmacHash(t: KeyType, requested: unknown): Hash;
export declare const hmac: (material: Buffer, input: Buffer, hash: Hash) => Buffer;
