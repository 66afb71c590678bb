import type { Command } from 'commander'
import { KEY_TYPES, type KeyType } from '@contract/key-matrix'
import type { CreateKeyRequest, KmsKey } from '@contract/schemas/kms'
import { requireTypedName } from '../../services/keys/key-actions'
import { UsageError } from '../errors'
import { renderFields, renderTable } from '../output'
import { collect, keyValues, oneOf, positiveInt, run } from '../run'
import type { CliContext } from '../context'
import { keyCertificateCommands } from './keys-certs'
import { keyMaterialCommands } from './keys-material'
import { keysBulkCommand } from './keys-bulk'

const STATUSES = ['active', 'disabled', 'pending_deletion'] as const

const keyRow = (k: KmsKey) => ({
  name: k.name,
  identity: k.identity,
  type: k.keyType,
  status: k.status,
  version: k.latestVersion,
  rotation: k.keyRotationEnabled ? `${k.rotationPeriodInDays ?? '?'}d` : '',
  exportable: k.exportAllowed ? 'yes' : '',
  imported: k.imported ? 'yes' : ''
})

function showKey(ctx: CliContext, k: KmsKey): void {
  ctx.out.result(k, () =>
    renderFields({
      ...keyRow(k),
      slug: k.slug,
      description: k.description,
      labels: k.labels
        ? Object.entries(k.labels)
            .map(([a, b]) => `${a}=${b}`)
            .join(', ')
        : undefined,
      deletion: k.deletionScheduledAt,
      created: k.createdAt,
      updated: k.updatedAt
    })
  )
}

/** A lifecycle call on one key, recorded in the activity log under the app's operation name. */
function lifecycle(
  keys: Command,
  name: string,
  description: string,
  op: string,
  call: (c: Awaited<ReturnType<CliContext['client']>>, region: string, id: string) => Promise<KmsKey>
): void {
  keys
    .command(`${name} <key>`)
    .description(description)
    .action((id: string, _o, cmd: Command) =>
      run(cmd, async (ctx) => {
        const region = await ctx.region()
        const k = await (await ctx.core()).workspace.audited(op, { region, key: id }, (c) => call(c, region, id))
        showKey(ctx, k)
      })
    )
}

export function keysCommand(program: Command): void {
  const keys = program.command('keys').description('Browse and manage keys (<key> is a key name/slug or identity)')

  keys
    .command('list')
    .description('List keys in the region')
    .option('--name <name>', 'only keys with this name')
    .option('--slug <slug>', 'only keys with this slug')
    .option('--identity <id>', 'only this identity')
    .option('--type <type>', 'only this key type', oneOf(KEY_TYPES))
    .option('--status <status>', 'only this status', oneOf(STATUSES))
    .option('--label <k=v>', 'only keys with this label (repeatable)', collect)
    .action(
      (
        o: { name?: string; slug?: string; identity?: string; type?: KeyType; status?: string; label?: string[] },
        cmd: Command
      ) =>
        run(cmd, async (ctx) => {
          const region = await ctx.region()
          const filter = {
            ...(o.name ? { name: o.name } : {}),
            ...(o.slug ? { slug: o.slug } : {}),
            ...(o.identity ? { identity: o.identity } : {})
          }
          const labels = keyValues(o.label, '--label') ?? {}
          const list = (await (await ctx.client()).listKeys(region, filter)).filter(
            (k) =>
              (!o.type || k.keyType === o.type) &&
              (!o.status || k.status === o.status) &&
              Object.entries(labels).every(([a, b]) => k.labels?.[a] === b)
          )
          ctx.out.result(list, () =>
            list.length
              ? renderTable(list.map(keyRow), [
                  'name',
                  'identity',
                  'type',
                  'status',
                  'version',
                  'rotation',
                  'exportable',
                  'imported'
                ])
              : `No keys in ${region}.\n`
          )
        })
    )

  keys
    .command('get <key>')
    .description('Show one key')
    .action((id: string, _o, cmd: Command) =>
      run(cmd, async (ctx) => showKey(ctx, await (await ctx.client()).getKey(await ctx.region(), id)))
    )

  keys
    .command('create <name>')
    .description('Create a key')
    .requiredOption('--type <type>', `key type: ${KEY_TYPES.join(', ')}`, oneOf(KEY_TYPES))
    .option('--description <text>', 'description (cannot be changed later)')
    .option('--label <k=v>', 'label (repeatable)', collect)
    .option('--annotation <k=v>', 'annotation (repeatable)', collect)
    .option('--exportable', 'allow exporting the key material (cannot be changed later)')
    .option('--rotation-days <n>', 'rotate automatically every n days', positiveInt)
    .action(
      (
        name: string,
        o: {
          type: KeyType
          description?: string
          label?: string[]
          annotation?: string[]
          exportable?: boolean
          rotationDays?: number
        },
        cmd: Command
      ) =>
        run(cmd, async (ctx) => {
          const region = await ctx.region()
          const labels = keyValues(o.label, '--label')
          const annotations = keyValues(o.annotation, '--annotation')
          const req: CreateKeyRequest = {
            name,
            keyType: o.type,
            ...(o.description ? { description: o.description } : {}),
            ...(labels ? { labels } : {}),
            ...(annotations ? { annotations } : {}),
            ...(o.exportable ? { exportAllowed: true } : {}),
            ...(o.rotationDays ? { keyRotationEnabled: true, rotationPeriodInDays: o.rotationDays } : {})
          }
          showKey(
            ctx,
            await (
              await ctx.core()
            ).workspace.audited('keys:create', { region, key: name, detail: o.type }, (c) => c.createKey(region, req))
          )
        })
    )

  lifecycle(keys, 'rotate', 'Create a new key version now', 'keys:rotate', (c, r, id) => c.rotate(r, id))
  lifecycle(keys, 'enable', 'Enable a disabled key', 'keys:enable', (c, r, id) => c.enable(r, id))
  lifecycle(keys, 'disable', 'Disable a key (reversible)', 'keys:disable', (c, r, id) => c.disable(r, id))
  lifecycle(keys, 'cancel-deletion', 'Cancel a scheduled deletion', 'keys:cancel-deletion', (c, r, id) =>
    c.cancelDeletion(r, id)
  )

  keys
    .command('rotation <key>')
    .description('Change automatic rotation')
    .option('--enable', 'turn automatic rotation on')
    .option('--disable', 'turn automatic rotation off')
    .option('--period <days>', 'rotation period in days (1-3650)', positiveInt)
    .action((id: string, o: { enable?: boolean; disable?: boolean; period?: number }, cmd: Command) =>
      run(cmd, async (ctx) => {
        if (o.enable && o.disable) throw new UsageError('Give --enable or --disable, not both.')
        const rotation = {
          ...(o.enable ? { keyRotationEnabled: true } : o.disable ? { keyRotationEnabled: false } : {}),
          ...(o.period ? { rotationPeriodInDays: o.period } : {})
        }
        if (!Object.keys(rotation).length)
          throw new UsageError('Nothing to change.', 'Pass --enable, --disable and/or --period <days>.')
        const region = await ctx.region()
        showKey(
          ctx,
          await (
            await ctx.core()
          ).workspace.audited('keys:update-rotation', { region, key: id, detail: JSON.stringify(rotation) }, (c) =>
            c.updateRotation(region, id, rotation)
          )
        )
      })
    )

  keys
    .command('schedule-deletion <key>')
    .description('Schedule deletion (30 days); type the key name with --confirm')
    .requiredOption('--confirm <name>', 'the key name, typed exactly, to confirm')
    .action((id: string, o: { confirm: string }, cmd: Command) =>
      run(cmd, async (ctx) => {
        const region = await ctx.region()
        const ws = (await ctx.core()).workspace
        await requireTypedName(ws, region, id, o.confirm)
        showKey(
          ctx,
          await ws.audited('keys:schedule-deletion', { region, key: id }, (c) => c.scheduleDeletion(region, id))
        )
      })
    )

  keyMaterialCommands(keys)
  keyCertificateCommands(keys)
  keysBulkCommand(keys)
}
