import type { KmsKey } from '@contract/schemas/kms'
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

/*
 * Hot path (10,000 keys in well under 200 ms, `npm run bench -- posture`): no closures or object
 * spreads per key, each date parsed once per key, and findings built with their fields in one order.
 */

function add(
  out: Finding[],
  k: KmsKey,
  c: RuleContext,
  rule: RuleId,
  severity: Severity,
  message: string,
  extra?: Extra
): void {
  if (c.off.has(rule)) return
  const f: Finding = { rule, severity, region: c.region, keyIdentity: k.identity, keyName: k.name, message }
  if (extra) Object.assign(f, extra)
  if (c.project !== undefined) f.project = c.project
  if (c.profile !== undefined) f.profile = c.profile
  out.push(f)
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** The findings for one key; pure. */
export function findingsForKey(k: KmsKey, c: RuleContext, out: Finding[]): void {
  if (k.status === 'pending_deletion') pendingDeletion(k, c, out)
  else if (k.status === 'disabled') {
    const used = c.usage.lastUsed(c.region, k)
    if (used !== undefined) {
      const lastUsed = new Date(used).toISOString()
      add(
        out,
        k,
        c,
        'disabled-in-use',
        'high',
        `Disabled, yet this app tried to use it on ${lastUsed.slice(0, 10)}: something still depends on it.`,
        { lastUsed }
      )
    }
  } else if (k.status === 'active') rotationFindings(k, c, out)

  if (k.exportAllowed && k.status !== 'pending_deletion')
    add(out, k, c, 'export-allowed', 'medium', 'Key material can be exported: a copy may exist outside the KMS.')
  const required = c.settings.requiredLabels
  if (required.length > 0) {
    let missing: string[] | undefined
    for (const l of required) {
      const v = k.labels?.[l]
      if (v === undefined || v === '') (missing ??= []).push(l)
    }
    if (missing)
      add(
        out,
        k,
        c,
        'missing-labels',
        'low',
        `Missing required label${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}.`
      )
  }
}

function pendingDeletion(k: KmsKey, c: RuleContext, out: Finding[]): void {
  if (c.off.has('pending-deletion')) return
  const final = deletionFinal(k)
  const daysLeft = final === undefined ? undefined : daysUntil(final, c.now)
  const files = c.usage.localFiles(c.region, k.identity)
  const used = c.usage.lastUsed(c.region, k)
  const loud = files > 0 || used !== undefined
  const when = daysLeft === undefined ? 'soon' : daysLeft === 0 ? 'today' : `in ${plural(daysLeft, 'day')}`
  const why = [
    used !== undefined ? 'this app used it recently' : '',
    files > 0 ? `${plural(files, 'local file')} still use it` : ''
  ]
    .filter(Boolean)
    .join(' and ')
  const message = loud
    ? `Deleted for good ${when}, but ${why}: cancel the deletion or re-encrypt first.`
    : `Deleted for good ${when}; data encrypted to it can no longer be decrypted then.`
  const extra: Extra = {}
  if (daysLeft !== undefined) extra.daysLeft = daysLeft
  extra.loud = loud
  if (files) extra.localFiles = files
  if (used !== undefined) extra.lastUsed = new Date(used).toISOString()
  add(out, k, c, 'pending-deletion', loud ? 'critical' : 'high', message, extra)
}

function rotationFindings(k: KmsKey, c: RuleContext, out: Finding[]): void {
  if (!k.keyRotationEnabled) {
    if (k.imported)
      add(out, k, c, 'imported-no-rotation', 'high', 'Imported key without rotation: its material never changes.')
    else add(out, k, c, 'rotation-off', 'medium', 'Automatic rotation is off.')
  }
  const latest = latestVersionTime(k)
  if (Number.isNaN(latest)) return
  if (k.keyRotationEnabled && k.rotationPeriodInDays) {
    const due = latest + k.rotationPeriodInDays * DAY_MS
    if (due < c.now) {
      const daysOverdue = daysSince(due, c.now)
      add(
        out,
        k,
        c,
        'rotation-overdue',
        'high',
        `Rotation was due ${plural(daysOverdue, 'day')} ago (every ${k.rotationPeriodInDays} days).`,
        { daysOverdue }
      )
      return
    }
  }
  if (c.now - latest > c.settings.notRotatedDays * DAY_MS) {
    add(
      out,
      k,
      c,
      'not-rotated',
      'medium',
      `Latest version is ${daysSince(latest, c.now)} days old (policy: ${c.settings.notRotatedDays}).`
    )
  }
}
