import type { KeyRecord } from './state-schema';
export interface OrgView {
    identity: string;
    name: string;
    slug: string;
    createdAt: string;
    objectVersion: number;
}
/** The `KmsKey` wire object (reference §3.1), plus `minDecryptionVersion` and `deletionScheduledAt`. */
export declare function keyView(k: KeyRecord, org: OrgView): Record<string, unknown>;
