import type { KmsKey } from '@contract/schemas/kms'
import type { RuleId } from './settings'

export type Severity = 'critical' | 'high' | 'medium' | 'low'

/** The keys of one region (of one project and profile when the scope spans several). */
export interface RegionKeys {
  region: string
  project?: string
  profile?: string
  keys: readonly KmsKey[]
}

/** How this app and local files use keys; both answers are cheap lookups. */
export interface UsageSource {
  /** Time (ms) this app last used the key with success, within the recent window; undefined: not recently. */
  lastUsed(region: string, key: KmsKey): number | undefined
  /** How many indexed local `.tkms` files name the key as a recipient. */
  localFiles(region: string, keyIdentity: string): number
}

export interface Finding {
  rule: RuleId
  severity: Severity
  region: string
  project?: string
  profile?: string
  keyIdentity: string
  keyName: string
  /** One sentence saying what is wrong and why it matters. */
  message: string
  /** Pending deletion: whole days until the deletion becomes final (0: today or past). */
  daysLeft?: number
  /** Rotation overdue: days since it was due. */
  daysOverdue?: number
  /** Pending deletion while still in use: show it loudly. */
  loud?: boolean
  localFiles?: number
  lastUsed?: string
}

export interface PostureResult {
  /** Sorted: severity, then rule, then region, then key name. */
  findings: Finding[]
  byRule: Partial<Record<RuleId, number>>
  keysChecked: number
  keysWithFindings: number
}

export { RULE_TITLES } from './settings'
