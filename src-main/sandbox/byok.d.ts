import { SandboxStore } from './store';
/** Label of the wrapping scheme, returned as `algorithm` by GET wrapping-key (INFERRED value). */
export declare const WRAPPING_ALGORITHM = "RSA_OAEP_AES_KWP";
/** The region's RSA-4096 wrapping key, created on first use and persisted (sealed) with the state. */
export declare function wrappingPublicKey(store: SandboxStore, region: string, now: () => Date): Promise<string>;
/** `sha1|sha256|sha384|sha512` in any case (also `sha2-256` style); default sha256. */
export declare function parseHashFunction(value: unknown): string;
/** Open base64(RSA-OAEP(ephemeral AES-256 key) ‖ AES-KWP(target)) with the region's wrapping key. */
export declare function unwrapImport(store: SandboxStore, region: string, blobB64: string, hashFunction: string): Buffer;
