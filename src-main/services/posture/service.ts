import type { ActivityLog } from '../audit/activity-log'
import type { LocalIndex } from '../index/local-index'
import type { ProfileStore } from '../profiles/store'
import type { SettingsStore } from '../settings/settings-store'
import type { Workspace } from '../active-scope'
import { computePosture } from './compute'
import { DAY_MS } from './dates'
import { gatherKeys, type Gathered } from './gather'
import { buildReport, type InventoryReport } from './report'
import { postureTargets, type PostureScopeOptions } from './targets'
import type { PostureResult, UsageSource } from './types'
import { activityUsage } from './usage'

/** The parts of the core a posture run reads. */
export interface PostureDeps {
  workspace: Workspace
  store: ProfileStore
  activity: ActivityLog
  localIndex: LocalIndex
  settings: SettingsStore
}

export interface PostureRun {
  generatedAt: string
  gathered: Gathered
  usage: UsageSource
}

/** Lists every key in scope and builds the usage lookups (activity log + local index). */
export async function runPosture(d: PostureDeps, scope: PostureScopeOptions, now = Date.now()): Promise<PostureRun> {
  const s = d.settings.get().posture
  const [gathered, log] = await Promise.all([
    gatherKeys(await postureTargets(d.workspace, d.store, scope)),
    d.activity.list({ since: new Date(now - s.recentUseDays * DAY_MS).toISOString() })
  ])
  const usage = activityUsage(log.entries, {
    now,
    recentUseDays: s.recentUseDays,
    localFiles: (r, id) => d.localIndex.countUsingKey(r, id)
  })
  return { generatedAt: new Date(now).toISOString(), gathered, usage }
}

export async function postureOverview(
  d: PostureDeps,
  scope: PostureScopeOptions,
  now = Date.now()
): Promise<PostureResult & { run: PostureRun }> {
  const run = await runPosture(d, scope, now)
  return { ...computePosture(run.gathered.sets, { settings: d.settings.get().posture, usage: run.usage, now }), run }
}

export async function inventoryReport(
  d: PostureDeps,
  scope: PostureScopeOptions,
  now = Date.now()
): Promise<InventoryReport> {
  const run = await runPosture(d, scope, now)
  return buildReport(run.gathered, {
    settings: d.settings.get().posture,
    usage: run.usage,
    now,
    profile: d.store.active().name
  })
}
