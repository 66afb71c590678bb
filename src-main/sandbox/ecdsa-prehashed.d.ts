import { type KeyObject } from 'node:crypto';
export declare function signDigest(priv: KeyObject, digest: Buffer): Buffer;
export declare function verifyDigest(pub: KeyObject, digest: Buffer, signature: Buffer): boolean;
