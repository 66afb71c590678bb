import { z } from 'zod';
/** One version of a key; `sealed` is the key material under the master key (AES-256-GCM). */
export declare const VersionRecordSchema: z.ZodObject<{
    version: z.ZodNumber;
    createdAt: z.ZodString;
    sealed: z.ZodString;
}, z.core.$strip>;
export type VersionRecord = z.infer<typeof VersionRecordSchema>;
export declare const KeyRecordSchema: z.ZodObject<{
    identity: z.ZodString;
    organisationIdentity: z.ZodString;
    region: z.ZodString;
    projectId: z.ZodNullable<z.ZodString>;
    name: z.ZodString;
    slug: z.ZodString;
    description: z.ZodOptional<z.ZodString>;
    labels: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodString>>;
    annotations: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodString>>;
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
    exportAllowed: z.ZodBoolean;
    imported: z.ZodBoolean;
    allowRotation: z.ZodBoolean;
    keyRotationEnabled: z.ZodBoolean;
    rotationPeriodInDays: z.ZodNullable<z.ZodNumber>;
    latestVersion: z.ZodNumber;
    minDecryptionVersion: z.ZodNumber;
    versions: z.ZodArray<z.ZodObject<{
        version: z.ZodNumber;
        createdAt: z.ZodString;
        sealed: z.ZodString;
    }, z.core.$strip>>;
    deletionScheduledAt: z.ZodNullable<z.ZodString>;
    createdAt: z.ZodString;
    updatedAt: z.ZodString;
    objectVersion: z.ZodNumber;
}, z.core.$strip>;
export type KeyRecord = z.infer<typeof KeyRecordSchema>;
/** The regional BYOK wrapping key (RSA-4096); the private half is sealed like key material. */
export declare const WrappingKeyRecordSchema: z.ZodObject<{
    region: z.ZodString;
    publicKeyPem: z.ZodString;
    sealedPrivateKey: z.ZodString;
    createdAt: z.ZodString;
}, z.core.$strip>;
export type WrappingKeyRecord = z.infer<typeof WrappingKeyRecordSchema>;
export declare const SandboxStateSchema: z.ZodObject<{
    formatVersion: z.ZodLiteral<1>;
    keys: z.ZodArray<z.ZodObject<{
        identity: z.ZodString;
        organisationIdentity: z.ZodString;
        region: z.ZodString;
        projectId: z.ZodNullable<z.ZodString>;
        name: z.ZodString;
        slug: z.ZodString;
        description: z.ZodOptional<z.ZodString>;
        labels: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodString>>;
        annotations: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodString>>;
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
        exportAllowed: z.ZodBoolean;
        imported: z.ZodBoolean;
        allowRotation: z.ZodBoolean;
        keyRotationEnabled: z.ZodBoolean;
        rotationPeriodInDays: z.ZodNullable<z.ZodNumber>;
        latestVersion: z.ZodNumber;
        minDecryptionVersion: z.ZodNumber;
        versions: z.ZodArray<z.ZodObject<{
            version: z.ZodNumber;
            createdAt: z.ZodString;
            sealed: z.ZodString;
        }, z.core.$strip>>;
        deletionScheduledAt: z.ZodNullable<z.ZodString>;
        createdAt: z.ZodString;
        updatedAt: z.ZodString;
        objectVersion: z.ZodNumber;
    }, z.core.$strip>>;
    wrappingKeys: z.ZodArray<z.ZodObject<{
        region: z.ZodString;
        publicKeyPem: z.ZodString;
        sealedPrivateKey: z.ZodString;
        createdAt: z.ZodString;
    }, z.core.$strip>>;
}, z.core.$strip>;
export type SandboxState = z.infer<typeof SandboxStateSchema>;
export declare const emptyState: () => SandboxState;
