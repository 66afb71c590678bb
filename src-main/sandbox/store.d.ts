import { type SandboxState } from './state-schema';
/** Persistent sandbox state: one zod-validated JSON file, key material sealed under the master key. */
export declare class SandboxStore {
    readonly statePath: string;
    private readonly masterKey;
    readonly state: SandboxState;
    private pending;
    private readonly cache;
    private constructor();
    static open(dataDir: string, timestamp: () => Date): Promise<SandboxStore>;
    /** Seal material for a key version (or wrapping key); `label` binds the ciphertext to its owner. */
    seal(label: string, material: Buffer): string;
    unseal(label: string, sealed: string): Buffer;
    /** A purpose-bound secret derived from the master key (signs access tokens, so they survive restarts). */
    deriveSecret(purpose: string): Buffer;
    forget(labelPrefix: string): void;
    /** Serialised so two mutations never interleave their writes; resolves once this state is on disk. */
    save(): Promise<void>;
    flush(): Promise<void>;
    private checkSeals;
}
export declare const materialLabel: (identity: string, version: number) => string;
export declare const wrappingLabel: (region: string) => string;
