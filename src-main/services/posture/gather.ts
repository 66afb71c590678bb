import type { KmsKey, KmsSummary } from '@contract/schemas/kms'
import { toAppError } from '../kms/errors'
import type { RegionKeys } from './types'

/** What gathering needs from a KMS client (the real one, or a fake in tests). */
export interface KeySource {
  summary(): Promise<KmsSummary>
  listKeys(region: string): Promise<KmsKey[]>
}

/** One profile (and project) to look at. */
export interface PostureTarget {
  profile: string
  project?: string
  client: () => Promise<KeySource>
}

/**
 * A region as the summary reports it; `error` when its keys could not be listed.
 * @public (the IPC handlers' declarations name it)
 */
export interface RegionStatus {
  profile: string
  project?: string
  region: string
  name: string
  kmsAvailable: boolean
  totalKeys: number
  error?: string
}

export interface Gathered {
  sets: RegionKeys[]
  regions: RegionStatus[]
  /** Targets that failed as a whole (no summary): named, never thrown, so other targets still count. */
  errors: { profile: string; project?: string; message: string }[]
}

const scoped = <T extends object>(t: PostureTarget, o: T): T & { profile: string; project?: string } => ({
  ...o,
  profile: t.profile,
  ...(t.project === undefined ? {} : { project: t.project })
})

/** Lists the keys of every region with KMS, for each target; one failing region never hides the rest. */
export async function gatherKeys(targets: readonly PostureTarget[]): Promise<Gathered> {
  const out: Gathered = { sets: [], regions: [], errors: [] }
  for (const t of targets) {
    let client: KeySource
    let summary: KmsSummary
    try {
      client = await t.client()
      summary = await client.summary()
    } catch (e) {
      out.errors.push(scoped(t, { message: toAppError(e).message }))
      continue
    }
    if (!summary.featureEnabled) {
      out.errors.push(scoped(t, { message: 'The KMS feature is not enabled for this organisation.' }))
      continue
    }
    const listed = await Promise.all(
      summary.regions.map(async (r) => {
        const status = scoped(t, { region: r.slug, name: r.name, kmsAvailable: r.kmsAvailable, totalKeys: r.totalKeys })
        if (!r.kmsAvailable) return { status }
        try {
          return { status, set: scoped(t, { region: r.slug, keys: await client.listKeys(r.slug) }) }
        } catch (e) {
          return { status: { ...status, error: toAppError(e).message } }
        }
      })
    )
    for (const l of listed) {
      out.regions.push(l.status)
      if (l.set) out.sets.push(l.set)
    }
  }
  return out
}
