import type { KmsKey } from '@contract/schemas/kms'
import { computePosture, type ComputeOptions } from './compute'
import { daysSince, deletionFinal, latestVersionTime, nextRotationDue } from './dates'
import type { Gathered } from './gather'
import type { RuleId } from './settings'
import type { Finding, RegionKeys } from './types'

/** One key in the inventory (the CSV columns, in this order, are REPORT_COLUMNS). */
export interface ReportRow {
  profile: string
  project: string
  region: string
  identity: string
  name: string
  slug: string
  type: string
  status: string
  versions: number
  latestVersion: number | null
  latestVersionAgeDays: number | null
  rotationEnabled: boolean
  rotationPeriodDays: number | null
  nextRotationDue: string | null
  exportAllowed: boolean
  imported: boolean
  labels: Record<string, string>
  deletionFinal: string | null
  findings: RuleId[]
}

export const REPORT_COLUMNS = [
  'profile',
  'project',
  'region',
  'identity',
  'name',
  'slug',
  'type',
  'status',
  'versions',
  'latestVersion',
  'latestVersionAgeDays',
  'rotationEnabled',
  'rotationPeriodDays',
  'nextRotationDue',
  'exportAllowed',
  'imported',
  'labels',
  'deletionFinal',
  'findings'
] as const satisfies readonly (keyof ReportRow)[]

export interface InventoryReport {
  format: 'tkms-inventory'
  version: 1
  generatedAt: string
  /** The profile in use when the report was made. */
  profile: string
  scope: { profiles: string[]; projects: string[]; regions: string[] }
  summary: {
    keys: number
    byStatus: Record<string, number>
    keysWithFindings: number
    findingsByRule: Partial<Record<RuleId, number>>
    /** Regions without KMS, regions whose keys could not be listed, and targets that failed. */
    gaps: string[]
  }
  keys: ReportRow[]
  findings: Finding[]
}

const iso = (t: number | undefined) => (t === undefined || Number.isNaN(t) ? null : new Date(t).toISOString())

function row(s: RegionKeys, k: KmsKey, now: number, findings: RuleId[]): ReportRow {
  const latest = latestVersionTime(k)
  return {
    profile: s.profile ?? '',
    project: s.project ?? '',
    region: s.region,
    identity: k.identity,
    name: k.name,
    slug: k.slug,
    type: k.keyType,
    status: k.status,
    versions: k.versions?.length ?? k.latestVersion ?? 0,
    latestVersion: k.latestVersion ?? null,
    latestVersionAgeDays: Number.isNaN(latest) ? null : daysSince(latest, now),
    rotationEnabled: k.keyRotationEnabled,
    rotationPeriodDays: k.rotationPeriodInDays ?? null,
    nextRotationDue: iso(nextRotationDue(k)),
    exportAllowed: k.exportAllowed,
    imported: k.imported ?? false,
    labels: { ...k.labels },
    deletionFinal: iso(deletionFinal(k)),
    findings
  }
}

/** The inventory of every gathered key with its posture findings. */
export function buildReport(g: Gathered, o: ComputeOptions & { profile: string }): InventoryReport {
  const now = o.now ?? Date.now()
  const posture = computePosture(g.sets, { ...o, now })
  const byKey = new Map<string, RuleId[]>()
  const id = (profile: string | undefined, project: string | undefined, region: string, key: string) =>
    `${profile ?? ''}\u0000${project ?? ''}\u0000${region}\u0000${key}`
  for (const f of posture.findings) {
    const k = id(f.profile, f.project, f.region, f.keyIdentity)
    byKey.set(k, [...(byKey.get(k) ?? []), f.rule])
  }
  const keys = g.sets.flatMap((s) =>
    s.keys.map((k) => row(s, k, now, byKey.get(id(s.profile, s.project, s.region, k.identity)) ?? []))
  )
  const byStatus: Record<string, number> = {}
  for (const r of keys) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1
  const where = (x: { profile: string; project?: string }) => [x.profile, x.project].filter(Boolean).join(' / ')
  const gaps = [
    ...g.regions.filter((r) => !r.kmsAvailable).map((r) => `${where(r)}: ${r.region} has no KMS`),
    ...g.regions.filter((r) => r.error).map((r) => `${where(r)}: ${r.region} could not be listed (${r.error})`),
    ...g.errors.map((e) => `${where(e)}: ${e.message}`)
  ]
  const uniq = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))].sort()
  return {
    format: 'tkms-inventory',
    version: 1,
    generatedAt: new Date(now).toISOString(),
    profile: o.profile,
    scope: {
      profiles: uniq(g.regions.map((r) => r.profile).concat(g.errors.map((e) => e.profile))),
      projects: uniq(g.regions.map((r) => r.project)),
      regions: uniq(g.sets.map((s) => s.region))
    },
    summary: {
      keys: keys.length,
      byStatus,
      keysWithFindings: posture.keysWithFindings,
      findingsByRule: posture.byRule,
      gaps
    },
    keys,
    findings: posture.findings
  }
}
