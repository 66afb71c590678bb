import { z } from 'zod';
/** Statuses of a key; `pending_deletion` keys are purged 30 days after deletion was scheduled. */
export declare const KeyStatusSchema: z.ZodEnum<{
    active: "active";
    disabled: "disabled";
    pending_deletion: "pending_deletion";
}>;
export type KeyStatus = z.infer<typeof KeyStatusSchema>;
/** Servers send `keyVersion` as a string; accept numbers too and normalise to string. */
export declare const KeyVersionStringSchema: z.ZodPipe<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>, z.ZodTransform<string, string | number>>;
export declare const OrganisationSchema: z.ZodObject<{
    identity: z.ZodString;
    name: z.ZodString;
    slug: z.ZodString;
    description: z.ZodOptional<z.ZodString>;
    createdAt: z.ZodOptional<z.ZodString>;
    updatedAt: z.ZodOptional<z.ZodString>;
    objectVersion: z.ZodOptional<z.ZodNumber>;
}, z.core.$strip>;
export declare const KeyVersionSchema: z.ZodObject<{
    version: z.ZodNumber;
    status: z.ZodOptional<z.ZodString>;
    createdAt: z.ZodString;
}, z.core.$strip>;
export type KeyVersion = z.infer<typeof KeyVersionSchema>;
export declare const KmsKeySchema: z.ZodObject<{
    identity: z.ZodString;
    name: z.ZodString;
    slug: z.ZodString;
    description: z.ZodOptional<z.ZodString>;
    labels: z.ZodOptional<z.ZodNullable<z.ZodRecord<z.ZodString, z.ZodString>>>;
    annotations: z.ZodOptional<z.ZodNullable<z.ZodRecord<z.ZodString, z.ZodString>>>;
    projectId: z.ZodOptional<z.ZodNullable<z.ZodString>>;
    keyType: z.ZodEnum<{
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
    status: z.ZodEnum<{
        active: "active";
        disabled: "disabled";
        pending_deletion: "pending_deletion";
    }>;
    exportAllowed: z.ZodDefault<z.ZodBoolean>;
    imported: z.ZodOptional<z.ZodBoolean>;
    keyRotationEnabled: z.ZodDefault<z.ZodBoolean>;
    rotationPeriodInDays: z.ZodOptional<z.ZodNullable<z.ZodNumber>>;
    latestVersion: z.ZodOptional<z.ZodNumber>;
    minDecryptionVersion: z.ZodOptional<z.ZodNumber>;
    versions: z.ZodOptional<z.ZodArray<z.ZodObject<{
        version: z.ZodNumber;
        status: z.ZodOptional<z.ZodString>;
        createdAt: z.ZodString;
    }, z.core.$strip>>>;
    deletionScheduledAt: z.ZodOptional<z.ZodNullable<z.ZodString>>;
    createdAt: z.ZodString;
    updatedAt: z.ZodString;
    objectVersion: z.ZodOptional<z.ZodNumber>;
    organisation: z.ZodOptional<z.ZodObject<{
        identity: z.ZodString;
        name: z.ZodString;
        slug: z.ZodString;
        description: z.ZodOptional<z.ZodString>;
        createdAt: z.ZodOptional<z.ZodString>;
        updatedAt: z.ZodOptional<z.ZodString>;
        objectVersion: z.ZodOptional<z.ZodNumber>;
    }, z.core.$strip>>;
}, z.core.$strip>;
export type KmsKey = z.infer<typeof KmsKeySchema>;
export declare const SummaryRegionSchema: z.ZodObject<{
    identity: z.ZodString;
    name: z.ZodString;
    slug: z.ZodString;
    kmsAvailable: z.ZodBoolean;
    totalKeys: z.ZodDefault<z.ZodNumber>;
    activeKeys: z.ZodDefault<z.ZodNumber>;
    disabledKeys: z.ZodDefault<z.ZodNumber>;
    pendingDeletionKeys: z.ZodDefault<z.ZodNumber>;
}, z.core.$strip>;
export type SummaryRegion = z.infer<typeof SummaryRegionSchema>;
export declare const KmsSummarySchema: z.ZodObject<{
    featureEnabled: z.ZodBoolean;
    regions: z.ZodPipe<z.ZodOptional<z.ZodNullable<z.ZodArray<z.ZodObject<{
        identity: z.ZodString;
        name: z.ZodString;
        slug: z.ZodString;
        kmsAvailable: z.ZodBoolean;
        totalKeys: z.ZodDefault<z.ZodNumber>;
        activeKeys: z.ZodDefault<z.ZodNumber>;
        disabledKeys: z.ZodDefault<z.ZodNumber>;
        pendingDeletionKeys: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strip>>>>, z.ZodTransform<{
        identity: string;
        name: string;
        slug: string;
        kmsAvailable: boolean;
        totalKeys: number;
        activeKeys: number;
        disabledKeys: number;
        pendingDeletionKeys: number;
    }[], {
        identity: string;
        name: string;
        slug: string;
        kmsAvailable: boolean;
        totalKeys: number;
        activeKeys: number;
        disabledKeys: number;
        pendingDeletionKeys: number;
    }[] | null | undefined>>;
}, z.core.$strip>;
export type KmsSummary = z.infer<typeof KmsSummarySchema>;
export declare const CreateKeyRequestSchema: z.ZodObject<{
    name: z.ZodString;
    keyType: z.ZodEnum<{
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
    description: z.ZodOptional<z.ZodString>;
    labels: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodString>>;
    annotations: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodString>>;
    exportAllowed: z.ZodOptional<z.ZodBoolean>;
    keyRotationEnabled: z.ZodOptional<z.ZodBoolean>;
    rotationPeriodInDays: z.ZodOptional<z.ZodNumber>;
    importKeyMaterial: z.ZodOptional<z.ZodString>;
    hashFunction: z.ZodOptional<z.ZodString>;
    allowRotation: z.ZodOptional<z.ZodBoolean>;
}, z.core.$strip>;
export type CreateKeyRequest = z.infer<typeof CreateKeyRequestSchema>;
export declare const UpdateRotationRequestSchema: z.ZodObject<{
    keyRotationEnabled: z.ZodOptional<z.ZodBoolean>;
    rotationPeriodInDays: z.ZodOptional<z.ZodNumber>;
}, z.core.$strip>;
export type UpdateRotationRequest = z.infer<typeof UpdateRotationRequestSchema>;
export declare const ListFilterSchema: z.ZodObject<{
    identity: z.ZodOptional<z.ZodString>;
    name: z.ZodOptional<z.ZodString>;
    slug: z.ZodOptional<z.ZodString>;
}, z.core.$strip>;
export type ListFilter = z.infer<typeof ListFilterSchema>;
/** RSA/ECDSA: PEM SubjectPublicKeyInfo; Ed25519: base64 of the raw 32-byte key. */
export declare const PublicKeysSchema: z.ZodObject<{
    keys: z.ZodRecord<z.ZodString, z.ZodString>;
}, z.core.$strip>;
export type PublicKeys = z.infer<typeof PublicKeysSchema>;
export declare const WrappingKeySchema: z.ZodObject<{
    publicKey: z.ZodString;
    algorithm: z.ZodOptional<z.ZodString>;
}, z.core.$strip>;
export type WrappingKey = z.infer<typeof WrappingKeySchema>;
export declare const HASH_ALGORITHMS: readonly ["sha2-256", "sha2-384", "sha2-512"];
export declare const HashAlgorithmSchema: z.ZodEnum<{
    "sha2-256": "sha2-256";
    "sha2-384": "sha2-384";
    "sha2-512": "sha2-512";
}>;
export type HashAlgorithm = z.infer<typeof HashAlgorithmSchema>;
/** GET /v1/me/organisation-memberships: one entry per organisation the caller belongs to. */
export declare const OrganisationMembershipSchema: z.ZodObject<{
    organisation: z.ZodObject<{
        identity: z.ZodString;
        name: z.ZodString;
        slug: z.ZodString;
        description: z.ZodOptional<z.ZodString>;
        createdAt: z.ZodOptional<z.ZodString>;
        updatedAt: z.ZodOptional<z.ZodString>;
        objectVersion: z.ZodOptional<z.ZodNumber>;
    }, z.core.$strip>;
    role: z.ZodOptional<z.ZodString>;
    createdAt: z.ZodOptional<z.ZodString>;
}, z.core.$strip>;
export type OrganisationMembership = z.infer<typeof OrganisationMembershipSchema>;
/** GET /v1/projects (needs the `projects` feature gate). */
export declare const ProjectSchema: z.ZodObject<{
    identity: z.ZodString;
    name: z.ZodString;
    slug: z.ZodString;
    description: z.ZodOptional<z.ZodString>;
    labels: z.ZodOptional<z.ZodNullable<z.ZodRecord<z.ZodString, z.ZodString>>>;
    annotations: z.ZodOptional<z.ZodNullable<z.ZodRecord<z.ZodString, z.ZodString>>>;
    createdAt: z.ZodOptional<z.ZodString>;
    updatedAt: z.ZodOptional<z.ZodString>;
    objectVersion: z.ZodOptional<z.ZodNumber>;
}, z.core.$strip>;
export type Project = z.infer<typeof ProjectSchema>;
