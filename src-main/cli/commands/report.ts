import type { Command } from 'commander'
import { writeFileAtomic } from '../../services/byok/atomic-write'
import type { ReportFormat } from '../../services/posture'
import { oneOf, run } from '../run'

const REPORT_FORMATS = ['csv', 'json', 'html'] as const satisfies readonly ReportFormat[]

interface ReportOpts {
  format: ReportFormat
  out?: string
  force?: boolean
  allProjects?: boolean
  allProfiles?: boolean
}

/** `tkms report`: the key inventory with posture findings, as in the app's Overview (docs/posture.md). */
export function reportCommand(program: Command): void {
  program
    .command('report')
    .description('Inventory of every key in every region with KMS, with posture findings (CSV, JSON or printable HTML)')
    .requiredOption('--format <f>', 'csv, json or html', oneOf(REPORT_FORMATS))
    .option('--out <file>', 'write to this file (default: standard output)')
    .option('--force', 'overwrite --out if it exists')
    .option('--all-projects', 'every project of the organisation, not only the current one')
    .option('--all-profiles', 'every saved profile, not only the one in use')
    .action((o: ReportOpts, cmd: Command) =>
      run(cmd, async (ctx) => {
        // Loaded on use: --help and other commands start without the posture core.
        const { inventoryReport, renderReport } = await import('../../services/posture')
        await ctx.scope()
        const core = await ctx.core()
        const report = await inventoryReport(core, {
          allProjects: o.allProjects === true,
          allProfiles: o.allProfiles === true
        })
        const text = renderReport(report, o.format)
        if (!o.out) {
          ctx.io.stdout.write(text)
          return
        }
        // Atomic and, without --force, never over an existing file: nothing partial at the target.
        await writeFileAtomic(o.out, text, { mode: 0o600, overwrite: o.force === true })
        for (const g of report.summary.gaps) ctx.out.warn(`not covered: ${g}`)
        ctx.out.result(
          { path: o.out, format: o.format, keys: report.summary.keys, findings: report.findings.length },
          () => `Wrote ${report.summary.keys} keys and ${report.findings.length} findings to ${o.out}\n`
        )
      })
    )
}
