import type { KmsKey } from '../../../src-preload/contract/schemas/kms'
import { DAY_MS, daysSince, daysUntil, deletionFinal, latestVersionTime } from './dates'
import type { PostureSettings, RuleId } from './settings'
import type { Finding, Severity, UsageSource } from './types'

export interface RuleContext {
  region: string
  project?: string
  profile?: string
  now: number
  settings: PostureSettings
  off: ReadonlySet<RuleId>
  usage: UsageSource
}

type Extra = Partial<Pick<Finding, 'daysLeft' | 'daysOverdue' | 'loud' | 'localFiles' | 'lastUsed'>>

/** The findings for one key; pure, and cheap enough for 10,000 keys in well under 200 ms. */
export function findingsForKey(k: KmsKey, c: RuleContext, out: Finding[]): void {
  const add = (rule: RuleId, severity: Severity, message: string, extra: Extra = {}) => {
    if (c.off.has(rule)) return
    const f: Finding = { rule, severity, region: c.region, keyIdentity: k.identity, keyName: k.name, message, ...extra }
    if (c.project !== undefined) f.project = c.project
    if (c.profile !== undefined) f.profile = c.profile
    out.push(f)
  }
  const usedAt = () => c.usage.lastUsed(c.region, k)
  const usedText = (t: number) => new Date(t).toISOString()

  if (k.status === 'pending_deletion') {
    const final = deletionFinal(k)
    const daysLeft = final === undefined ? undefined : daysUntil(final, c.now)
    const files = c.usage.localFiles(c.region, k.identity)
    const used = usedAt()
    const loud = files > 0 || used !== undefined
    const when = daysLeft === undefined ? 'soon' : daysLeft === 0 ? 'today' : `in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`
    const why = [used !== undefined ? 'this app used it recently' : '', files > 0 ? `${files} local file${files === 1 ? '' : 's'} still use it` : ''].filter(Boolean).join(' and ')
    const message = loud ? `Deleted for good ${when}, but ${why}: cancel the deletion or re-encrypt first.` : `Deleted for good ${when}; data encrypted to it can no longer be decrypted then.`
    add('pending-deletion', loud ? 'critical' : 'high', message, { ...(daysLeft === undefined ? {} : { daysLeft }), loud, ...(files ? { localFiles: files } : {}), ...(used !== undefined ? { lastUsed: usedText(used) } : {}) })
  } else if (k.status === 'disabled') {
    const used = usedAt()
    if (used !== undefined) add('disabled-in-use', 'high', `Disabled, yet this app tried to use it on ${usedText(used).slice(0, 10)}: something still depends on it.`, { lastUsed: usedText(used) })
  } else if (k.status === 'active') {
    rotationFindings(k, c, add)
  }

  if (k.exportAllowed && k.status !== 'pending_deletion') add('export-allowed', 'medium', 'Key material can be exported: a copy may exist outside the KMS.')
  if (c.settings.requiredLabels.length > 0) {
    const missing = c.settings.requiredLabels.filter((l) => k.labels?.[l] === undefined || k.labels[l] === '')
    if (missing.length > 0) add('missing-labels', 'low', `Missing required label${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}.`)
  }
}

function rotationFindings(k: KmsKey, c: RuleContext, add: (rule: RuleId, s: Severity, m: string, e?: Extra) => void): void {
  if (!k.keyRotationEnabled) {
    if (k.imported) add('imported-no-rotation', 'high', 'Imported key without rotation: its material never changes.')
    else add('rotation-off', 'medium', 'Automatic rotation is off.')
  }
  const latest = latestVersionTime(k)
  if (k.keyRotationEnabled && k.rotationPeriodInDays && !Number.isNaN(latest)) {
    const due = latest + k.rotationPeriodInDays * DAY_MS
    if (due < c.now) {
      const daysOverdue = daysSince(due, c.now)
      add('rotation-overdue', 'high', `Rotation was due ${daysOverdue} day${daysOverdue === 1 ? '' : 's'} ago (every ${k.rotationPeriodInDays} days).`, { daysOverdue })
      return
    }
  }
  if (!Number.isNaN(latest) && c.now - latest > c.settings.notRotatedDays * DAY_MS) {
    add('not-rotated', 'medium', `Latest version is ${daysSince(latest, c.now)} days old (policy: ${c.settings.notRotatedDays}).`)
  }
}
