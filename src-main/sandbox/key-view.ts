import type { KeyRecord } from './state-schema'

export interface OrgView {
  identity: string
  name: string
  slug: string
  createdAt: string
  objectVersion: number
}

/** The `KmsKey` wire object (reference §3.1), plus `minDecryptionVersion` and `deletionScheduledAt`. */
export function keyView(k: KeyRecord, org: OrgView): Record<string, unknown> {
  return {
    identity: k.identity,
    name: k.name,
    slug: k.slug,
    ...(k.description !== undefined ? { description: k.description } : {}),
    ...(k.labels !== undefined ? { labels: k.labels } : {}),
    ...(k.annotations !== undefined ? { annotations: k.annotations } : {}),
    ...(k.projectId !== null ? { projectId: k.projectId } : {}),
    keyType: k.keyType,
    status: k.status,
    exportAllowed: k.exportAllowed,
    imported: k.imported,
    keyRotationEnabled: k.keyRotationEnabled,
    rotationPeriodInDays: k.rotationPeriodInDays,
    latestVersion: k.latestVersion,
    minDecryptionVersion: k.minDecryptionVersion,
    versions: k.versions.map((v) => ({
      version: v.version,
      status: v.version >= k.minDecryptionVersion ? 'active' : 'disabled',
      createdAt: v.createdAt
    })),
    deletionScheduledAt: k.deletionScheduledAt,
    createdAt: k.createdAt,
    updatedAt: k.updatedAt,
    objectVersion: k.objectVersion,
    organisation: org
  }
}
