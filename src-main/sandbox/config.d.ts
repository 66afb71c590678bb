import { z } from 'zod';
export declare const FaultsSchema: z.ZodObject<{
    latencyMs: z.ZodDefault<z.ZodNumber>;
    errorRate: z.ZodDefault<z.ZodNumber>;
    errorStatus: z.ZodDefault<z.ZodUnion<readonly [z.ZodLiteral<500>, z.ZodLiteral<503>]>>;
    resetRate: z.ZodDefault<z.ZodNumber>;
    slowBodyMs: z.ZodDefault<z.ZodNumber>;
}, z.core.$strip>;
export type Faults = z.infer<typeof FaultsSchema>;
declare const AccessSchema: z.ZodEnum<{
    full: "full";
    read: "read";
}>;
export type Access = z.infer<typeof AccessSchema>;
export declare const SandboxConfigSchema: z.ZodObject<{
    organisations: z.ZodArray<z.ZodObject<{
        slug: z.ZodString;
        name: z.ZodString;
        kmsEnabled: z.ZodBoolean;
        projects: z.ZodDefault<z.ZodArray<z.ZodObject<{
            slug: z.ZodString;
            name: z.ZodString;
        }, z.core.$strip>>>;
    }, z.core.$strip>>;
    regions: z.ZodArray<z.ZodObject<{
        slug: z.ZodString;
        name: z.ZodString;
        kmsAvailable: z.ZodBoolean;
    }, z.core.$strip>>;
    personalAccessTokens: z.ZodArray<z.ZodObject<{
        name: z.ZodString;
        token: z.ZodString;
        grants: z.ZodArray<z.ZodObject<{
            organisation: z.ZodString;
            access: z.ZodEnum<{
                full: "full";
                read: "read";
            }>;
        }, z.core.$strip>>;
    }, z.core.$strip>>;
    serviceAccounts: z.ZodArray<z.ZodObject<{
        clientId: z.ZodString;
        clientSecret: z.ZodString;
        grants: z.ZodArray<z.ZodObject<{
            organisation: z.ZodString;
            access: z.ZodEnum<{
                full: "full";
                read: "read";
            }>;
        }, z.core.$strip>>;
        tokenLifetimeSeconds: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strip>>;
    faults: z.ZodDefault<z.ZodObject<{
        latencyMs: z.ZodDefault<z.ZodNumber>;
        errorRate: z.ZodDefault<z.ZodNumber>;
        errorStatus: z.ZodDefault<z.ZodUnion<readonly [z.ZodLiteral<500>, z.ZodLiteral<503>]>>;
        resetRate: z.ZodDefault<z.ZodNumber>;
        slowBodyMs: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strip>>;
}, z.core.$strip>;
export type SandboxConfig = z.infer<typeof SandboxConfigSchema>;
/** The documented local test credentials (not secrets: they only open the local sandbox). */
export declare const SANDBOX_CREDENTIALS: {
    adminPat: string;
    readerPat: string;
    clientId: string;
    clientSecret: string;
    organisation: string;
    noKmsOrganisation: string;
    projects: string[];
    regions: string[];
    unavailableRegion: string;
};
export declare function defaultConfig(): SandboxConfig;
/** Defaults, overlaid by the config file (JSON or YAML), overlaid by options; top-level keys replace. */
export declare function loadConfig(configPath: string | undefined, overrides: Partial<SandboxConfig> | undefined): Promise<SandboxConfig>;
export declare const orgIdentity: (slug: string) => string;
export declare const projectIdentity: (org: string, slug: string) => string;
export declare const regionIdentity: (slug: string) => string;
export {};
