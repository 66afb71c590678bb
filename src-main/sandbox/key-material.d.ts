import { type KeyObject } from 'node:crypto';
import { type KeyType } from '../../src-preload/contract/schemas/key-types';
/** Raw key length of symmetric and HMAC types (HMAC sizes follow Vault Transit's defaults). */
export declare const RAW_KEY_BYTES: Partial<Record<KeyType, number>>;
/** New key material: raw bytes for symmetric/HMAC, PKCS#8 DER for asymmetric types. */
export declare function generateMaterial(t: KeyType): Promise<Buffer>;
export declare function privateKeyOf(material: Buffer): KeyObject;
export declare function publicKeyOf(material: Buffer): KeyObject;
/** RSA/ECDSA: PEM SubjectPublicKeyInfo. Ed25519: base64 of the raw 32-byte public key. */
export declare function exportPublicKey(t: KeyType, material: Buffer): string;
/** Check imported material really is a key of the declared type; the message says what was found. */
export declare function checkImportedMaterial(t: KeyType, material: Buffer): void;
