import { z } from 'zod';
import type { Clock } from './clock';
import type { KeyRecord } from './state-schema';
import { type SandboxStore } from './store';
export interface Scope {
    organisationIdentity: string;
    region: string;
    projectId: string | null;
}
export declare const CreateBodySchema: z.ZodObject<{
    name: z.ZodString;
    keyType: z.ZodDefault<z.ZodEnum<{
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
    }>>;
    description: z.ZodOptional<z.ZodString>;
    labels: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodString>>;
    annotations: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodString>>;
    exportAllowed: z.ZodOptional<z.ZodBoolean>;
    keyRotationEnabled: z.ZodOptional<z.ZodBoolean>;
    rotationPeriodInDays: z.ZodOptional<z.ZodNullable<z.ZodNumber>>;
    importKeyMaterial: z.ZodOptional<z.ZodString>;
    hashFunction: z.ZodOptional<z.ZodString>;
    allowRotation: z.ZodOptional<z.ZodBoolean>;
}, z.core.$strip>;
export declare const RotationBodySchema: z.ZodObject<{
    keyRotationEnabled: z.ZodOptional<z.ZodBoolean>;
    rotationPeriodInDays: z.ZodOptional<z.ZodNullable<z.ZodNumber>>;
}, z.core.$strip>;
/** Key lifecycle over the persisted state; every change bumps objectVersion and is saved before returning. */
export declare class KeyService {
    private readonly store;
    private readonly clock;
    constructor(store: SandboxStore, clock: Clock);
    list(s: Scope, filter: {
        identity?: string;
        name?: string;
        slug?: string;
    }): KeyRecord[];
    all(): readonly KeyRecord[];
    /** By identity or slug; a key of another scope is indistinguishable from a missing one. */
    find(s: Scope, id: string): KeyRecord;
    create(s: Scope, raw: unknown): Promise<KeyRecord>;
    private initialMaterial;
    material(k: KeyRecord, version: number): Buffer;
    rotate(k: KeyRecord): Promise<KeyRecord>;
    updateRotation(k: KeyRecord, raw: unknown): Promise<KeyRecord>;
    disable(k: KeyRecord): Promise<KeyRecord>;
    enable(k: KeyRecord): Promise<KeyRecord>;
    scheduleDeletion(k: KeyRecord): Promise<KeyRecord>;
    cancelDeletion(k: KeyRecord): Promise<KeyRecord>;
    /** The hourly job of the service: rotate keys whose period has elapsed, purge expired deletions. */
    runScheduler(): Promise<void>;
    private touch;
}
/** Crypto needs an active key: disabled and pending-deletion keys answer 400, as the service does. */
export declare function requireActive(k: KeyRecord): void;
