import type { Command } from 'commander'
import { KEY_TYPES } from '@contract/key-matrix'
import type { BulkAction, BulkKeyResult, BulkSelector } from '@contract/schemas/bulk'
import { describeAction } from '../../services/bulk/actions'
import { checkConfirmation } from '../../services/bulk/confirm'
import { runBulk } from '../../services/bulk/runner'
import { selectKeys } from '../../services/bulk/selectors'
import { EXIT, UsageError } from '../errors'
import { renderTable } from '../output'
import { collect, keyValues, oneOf, positiveInt, run } from '../run'
import type { CliContext } from '../context'

const ACTIONS = [
  'rotate',
  'enable',
  'disable',
  'set-rotation',
  'schedule-deletion',
  'add-label',
  'remove-label'
] as const
type ActionName = (typeof ACTIONS)[number]
const STATUSES = ['active', 'disabled', 'pending_deletion'] as const

interface BulkOpts {
  all?: boolean
  label?: string[]
  type?: string
  status?: string
  dryRun?: boolean
  confirm?: number
  rotation?: 'on' | 'off'
  period?: number
  concurrency?: number
}

function actionOf(name: ActionName, o: BulkOpts): BulkAction {
  if (name === 'add-label' || name === 'remove-label')
    throw new UsageError(
      'The KMS API cannot change the labels of an existing key (labels are set when a key is created; there is no update call).',
      'Create new keys with the labels you need, or keep the labels in your own inventory.'
    )
  if (name === 'set-rotation') {
    if (!o.rotation) throw new UsageError('set-rotation needs --rotation on|off (and --period <days> with on).')
    if (o.rotation === 'on' && !o.period) throw new UsageError('--rotation on needs --period <days> (1–3650).')
    return {
      kind: 'set-rotation',
      keyRotationEnabled: o.rotation === 'on',
      ...(o.period ? { rotationPeriodInDays: o.period } : {})
    }
  }
  if (o.rotation || o.period) throw new UsageError('--rotation and --period only apply to set-rotation.')
  return { kind: name }
}

function selectorOf(ctx: CliContext, o: BulkOpts): BulkSelector {
  const labels = keyValues(o.label, '--label')
  const s: BulkSelector = {
    ...(labels ? { labels } : {}),
    ...(o.type ? { type: o.type } : {}),
    ...(o.status ? { status: o.status } : {}),
    ...(ctx.opts.region ? { regions: [ctx.opts.region] } : {})
  }
  if (!o.all && !labels && !o.type && !o.status)
    throw new UsageError(
      'Say which keys: --all, or at least one of --label, --type, --status.',
      'Add --dry-run to see what a selection touches first.'
    )
  return s
}

const row = (r: BulkKeyResult) => ({
  region: r.region,
  name: r.name,
  identity: r.identity,
  outcome: r.outcome,
  attempts: r.attempts,
  note: r.message ?? (r.confirmedByReread ? 'answer lost; confirmed by re-reading the key' : '')
})

export function keysBulkCommand(keys: Command): void {
  keys
    .command('bulk <action>')
    .description(
      `Run one action on many keys (${ACTIONS.slice(0, 5).join(', ')}); labels cannot be changed through the KMS API`
    )
    .option('--all', 'every key (in --region, else every region with KMS)')
    .option('--label <k=v>', 'only keys with this label (repeatable; all must match)', collect)
    .option('--type <type>', 'only this key type', oneOf(KEY_TYPES))
    .option('--status <status>', 'only this status', oneOf(STATUSES))
    .option('--rotation <on|off>', 'set-rotation: turn automatic rotation on or off', oneOf(['on', 'off'] as const))
    .option('--period <days>', 'set-rotation: rotation period in days (1–3650)', positiveInt)
    .option('--dry-run', 'list the keys the action would touch; change nothing')
    .option('--confirm <count>', 'schedule-deletion: the number of keys, typed back', (v) => Number(v))
    .option('--concurrency <n>', 'keys worked on at once (default 4)', positiveInt)
    .action((name: string, o: BulkOpts, cmd: Command) =>
      run(cmd, async (ctx) => {
        if (!(ACTIONS as readonly string[]).includes(name))
          throw new UsageError(`Unknown bulk action "${name}"; use one of: ${ACTIONS.join(', ')}.`)
        const action = actionOf(name as ActionName, o)
        const selector = selectorOf(ctx, o)
        const client = await ctx.client()
        const selected = await selectKeys(client, selector, ctx.signal)
        const targets = selected.map(({ region, identity, name: n }) => ({ region, identity, name: n }))
        if (o.dryRun) {
          const rows = selected.map(({ region, key }) => ({
            region,
            name: key.name,
            identity: key.identity,
            type: key.keyType,
            status: key.status,
            version: key.latestVersion
          }))
          ctx.out.result(
            { action, dryRun: true, count: targets.length, keys: rows },
            () =>
              `${describeAction(action)} would touch ${targets.length} key${targets.length === 1 ? '' : 's'}:\n` +
              (rows.length ? renderTable(rows, ['region', 'name', 'identity', 'type', 'status', 'version']) : '')
          )
          return
        }
        checkConfirmation(action, targets, o.confirm === undefined ? undefined : { count: o.confirm })
        const core = await ctx.core()
        const record = (r: BulkKeyResult) =>
          core.activity.record({
            profile: core.store.active().name,
            operation: `keys:bulk-${action.kind}`,
            outcome: r.outcome === 'done' ? 'ok' : 'error',
            region: r.region,
            key: r.name,
            detail: describeAction(action),
            ...(r.code ? { errorCode: r.code } : {})
          })
        const records: Promise<void>[] = []
        const results = await runBulk({
          client,
          action,
          targets,
          signal: ctx.signal,
          concurrency: o.concurrency ?? 4,
          onResult: (_i, r) => {
            if (r.outcome === 'running') return
            ctx.out.note(`${r.region}/${r.name}: ${r.outcome}${r.message ? ` (${r.message})` : ''}`)
            if (r.outcome === 'done' || r.outcome === 'failed') records.push(record(r).catch(() => undefined))
          }
        })
        await Promise.all(records)
        const failed = results.filter((r) => r.outcome === 'failed' || r.outcome === 'cancelled').length
        ctx.out.result(
          { action, count: results.length, failed, results },
          () =>
            (results.length
              ? renderTable(results.map(row), ['region', 'name', 'identity', 'outcome', 'attempts', 'note'])
              : 'No keys matched.\n') +
            `${results.length - failed} of ${results.length} key${results.length === 1 ? '' : 's'} ${failed ? 'ok; ' + failed + ' failed or cancelled' : 'ok'}.\n`
        )
        return failed ? EXIT.kms : EXIT.ok
      })
    )
}
