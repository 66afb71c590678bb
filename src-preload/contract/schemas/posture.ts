import { z } from 'zod'
import { RULE_IDS } from '../posture-rules'

/** The rules and their names live in posture-rules.ts (zod-free, shared with the renderer). */
export { RULE_IDS, RULE_TITLES, type RuleId } from '../posture-rules'

const labelKey = z.string().trim().min(1).max(63)

/*
 * Rules and thresholds of the posture overview, the inventory report and the due reminders.
 * Defaults are documented in docs/posture.md; change one there too.
 */
const Fields = {
  /** Rules switched off here produce no findings. */
  disabledRules: z.array(z.enum(RULE_IDS)),
  /** "Not rotated": the latest version of an active key is older than this many days. */
  notRotatedDays: z.number().int().min(1).max(3650),
  /** Label keys every key must carry (empty: the rule never fires). */
  requiredLabels: z.array(labelKey).max(20),
  /** Use by this app within this many days (activity log) counts as "recent". */
  recentUseDays: z.number().int().min(1).max(365),
  /** Desktop reminders for rotations due, and deletions final, within this many days. */
  reminderDays: z.number().int().min(1).max(90),
  /** Due reminders as desktop notifications (at most one a day per key). */
  remindersEnabled: z.boolean(),
  /** Minutes between automatic rescans of the watched folders (0: only at start and on changes). */
  watchRescanMinutes: z.number().int().min(0).max(1440)
}

export const PostureSettingsSchema = z.object({
  disabledRules: Fields.disabledRules.default([]),
  notRotatedDays: Fields.notRotatedDays.default(365),
  requiredLabels: Fields.requiredLabels.default(['owner', 'env']),
  recentUseDays: Fields.recentUseDays.default(30),
  reminderDays: Fields.reminderDays.default(7),
  remindersEnabled: Fields.remindersEnabled.default(true),
  watchRescanMinutes: Fields.watchRescanMinutes.default(15)
})
/** A change to some posture settings: no defaults, so absent fields keep their current values. */
export const PosturePatchSchema = z.object(Fields).partial()
export type PostureSettings = z.infer<typeof PostureSettingsSchema>

export const DEFAULT_POSTURE_SETTINGS: PostureSettings = PostureSettingsSchema.parse({})

export const PostureScopeSchema = z.object({ allProjects: z.boolean().optional(), allProfiles: z.boolean().optional() })

const FindingSchema = z.object({
  rule: z.enum(RULE_IDS),
  severity: z.enum(['critical', 'high', 'medium', 'low']),
  region: z.string(),
  project: z.string().optional(),
  profile: z.string().optional(),
  keyIdentity: z.string(),
  keyName: z.string(),
  message: z.string(),
  daysLeft: z.number().int().optional(),
  daysOverdue: z.number().int().optional(),
  loud: z.boolean().optional(),
  localFiles: z.number().int().optional(),
  lastUsed: z.string().optional()
})
export type FindingView = z.infer<typeof FindingSchema>

export const PostureViewSchema = z.object({
  generatedAt: z.string(),
  findings: z.array(FindingSchema),
  byRule: z.record(z.string(), z.number().int()),
  keysChecked: z.number().int(),
  keysWithFindings: z.number().int(),
  regions: z.array(
    z.object({
      profile: z.string(),
      project: z.string().optional(),
      region: z.string(),
      name: z.string(),
      kmsAvailable: z.boolean(),
      totalKeys: z.number().int(),
      error: z.string().optional()
    })
  ),
  errors: z.array(z.object({ profile: z.string(), project: z.string().optional(), message: z.string() }))
})
export type PostureView = z.infer<typeof PostureViewSchema>

/** "What uses this key": indexed local files (paths for display only, never trusted back). */
export const KeyUsageSchema = z.object({
  count: z.number().int(),
  files: z.array(z.object({ path: z.string(), size: z.number().int(), mtimeMs: z.number() })),
  watched: z.array(z.string())
})
export type KeyUsage = z.infer<typeof KeyUsageSchema>

export const IndexScanSchema = z.object({
  cancelled: z.boolean(),
  folder: z.string().optional(),
  indexed: z.number().int().optional(),
  unreadable: z.number().int().optional()
})
