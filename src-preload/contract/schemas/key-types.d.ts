import { z } from 'zod';
/** The 13 key types of the Thalassa KMS, exact wire names. */
export declare const KEY_TYPES: readonly ["aes128-gcm96", "aes256-gcm96", "chacha20-poly1305", "rsa-2048", "rsa-3072", "rsa-4096", "ecdsa-p256", "ecdsa-p384", "ecdsa-p521", "ed25519", "hmac", "hmac-sha256", "hmac-sha512"];
export declare const KeyTypeSchema: z.ZodEnum<{
    "aes128-gcm96": "aes128-gcm96";
    "aes256-gcm96": "aes256-gcm96";
    "chacha20-poly1305": "chacha20-poly1305";
    "rsa-2048": "rsa-2048";
    "rsa-3072": "rsa-3072";
    "rsa-4096": "rsa-4096";
    "ecdsa-p256": "ecdsa-p256";
    "ecdsa-p384": "ecdsa-p384";
    "ecdsa-p521": "ecdsa-p521";
    ed25519: "ed25519";
    hmac: "hmac";
    "hmac-sha256": "hmac-sha256";
    "hmac-sha512": "hmac-sha512";
}>;
export type KeyType = z.infer<typeof KeyTypeSchema>;
export type KeyOperation = 'encrypt' | 'sign' | 'hmac' | 'publicKey' | 'import';
export type KeyFamily = 'symmetric' | 'rsa' | 'ecdsa' | 'ed25519' | 'hmac';
export declare function keyFamily(t: KeyType): KeyFamily;
/** The operation matrix of the reference (§4): which operations a key type supports. */
export declare function supports(t: KeyType, op: KeyOperation): boolean;
/** Largest plaintext RSA-OAEP-SHA256 can take for this modulus: k − 2·32 − 2. */
export declare function rsaOaepLimit(t: KeyType): number | undefined;
export declare const MAX_PAYLOAD_BYTES = 65535;
export declare const DELETION_WINDOW_DAYS = 30;
