import type { Command } from 'commander'
import type { ActivityFilter } from '@contract/schemas/activity'
import { writeFileAtomic } from '../../services/byok/atomic-write'
import { renderTable } from '../output'
import { oneOf, positiveInt, run } from '../run'

interface FilterOpts {
  text?: string
  operation?: string
  outcome?: 'ok' | 'error'
  since?: string
  limit?: number
}

const withFilter = (c: Command) =>
  c
    .option('--text <text>', 'only entries mentioning this')
    .option('--operation <op>', 'only this operation, e.g. keys:rotate')
    .option('--outcome <o>', 'ok or error', oneOf(['ok', 'error'] as const))
    .option('--since <time>', 'only entries at or after this ISO time')
    .option('--limit <n>', 'at most n entries (newest first)', positiveInt)

const filterOf = (o: FilterOpts): ActivityFilter => ({
  ...(o.text ? { text: o.text } : {}),
  ...(o.operation ? { operation: o.operation } : {}),
  ...(o.outcome ? { outcome: o.outcome } : {}),
  ...(o.since ? { since: o.since } : {}),
  ...(o.limit ? { limit: o.limit } : {})
})

export function activityCommand(program: Command): void {
  const activity = program
    .command('activity')
    .description('The local activity log shared with the app (no secrets, no plaintext)')

  withFilter(activity.command('show').description('Show recorded operations, newest first')).action(
    (o: FilterOpts, cmd: Command) =>
      run(cmd, async (ctx) => {
        const { entries, skipped } = await (await ctx.core(false)).activity.list(filterOf(o))
        if (skipped) ctx.out.warn(`${skipped} unreadable line(s) in the activity log were skipped`)
        ctx.out.result(entries, () =>
          entries.length
            ? renderTable(entries, ['time', 'profile', 'operation', 'outcome', 'region', 'key', 'errorCode', 'detail'])
            : 'No activity recorded.\n'
        )
      })
  )

  withFilter(activity.command('export').description('Export the activity log as CSV'))
    .requiredOption('--out <file>', 'CSV file to write')
    .option('--force', 'overwrite --out')
    .action((o: FilterOpts & { out: string; force?: boolean }, cmd: Command) =>
      run(cmd, async (ctx) => {
        const { entries } = await (await ctx.core(false)).activity.list(filterOf(o))
        // Loaded with the core (not at start, where it would build the activity schemas for every command).
        const { activityCsv } = await import('../../services/audit/activity-log')
        await writeFileAtomic(o.out, activityCsv(entries), { mode: 0o600, overwrite: o.force === true })
        ctx.out.result(
          { path: o.out, entries: entries.length },
          () => `Exported ${entries.length} entries to ${o.out}\n`
        )
      })
    )
}
