import { join } from 'node:path'
import { InvalidArgumentError, type Command } from 'commander'
import { run } from '../run'
import { untilStopped } from '../signals'

const port = (v: string): number => {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new InvalidArgumentError('expected a port from 0 to 65535.')
  return n
}

export function sandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description(
      "Run the local sandbox (KMS emulator, not Thalassa Cloud) until Ctrl-C; state is the app's Local sandbox state"
    )
    .option('--port <n>', 'port (0 picks a free one)', port, 8787)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--state-dir <dir>', 'sandbox state folder (default: <data dir>/sandbox, shared with the app)')
    .option(
      '--lenient',
      'accept more than the real API does (unknown fields, Bearer PATs, project slugs...), for exploring only'
    )
    .action((o: { port: number; host: string; stateDir?: string; lenient?: boolean }, cmd: Command) =>
      run(cmd, async (ctx) => {
        // Loaded here, so other commands never load the sandbox's HTTP server.
        const [{ SANDBOX_CREDENTIALS, startSandbox }, { exposureWarning }] = await Promise.all([
          import('../../sandbox'),
          import('../../sandbox/request-guard')
        ])
        const dataDir = o.stateDir ?? join(ctx.dataDir, 'sandbox')
        // Loud on purpose: shown even with --quiet or --output json, before anything listens.
        const warning = exposureWarning(o.host)
        if (warning) ctx.out.alert(warning)
        const sandbox = await startSandbox({ dataDir, host: o.host, port: o.port, lenient: o.lenient === true })
        const c = SANDBOX_CREDENTIALS
        // Documented local test credentials, not secrets.
        ctx.out.result(
          {
            url: sandbox.url,
            mode: sandbox.lenient ? 'lenient' : 'strict',
            stateDir: dataDir,
            organisations: [c.organisation, c.noKmsOrganisation],
            pats: { admin: c.adminPat, reader: c.readerPat },
            regions: c.regions
          },
          () =>
            `Thalassa KMS sandbox (local emulator, not Thalassa Cloud) listening on ${sandbox.url}\n` +
            `  mode: ${sandbox.lenient ? 'lenient (accepts more than the real API; for exploring only)' : 'strict (exactly what the Thalassa SDK sends)'}\n  state: ${dataDir}\n  organisations: ${c.organisation} (KMS on), ${c.noKmsOrganisation} (KMS off)\n` +
            `  personal access tokens: ${c.adminPat} (full access), ${c.readerPat} (read-only)\n` +
            `  regions: ${c.regions.join(', ')} (KMS), ${c.unavailableRegion} (no KMS)\nPress Ctrl-C to stop.\n`
        )
        await untilStopped()
        ctx.out.note('stopping the sandbox...')
        await sandbox.close()
      })
    )
}
