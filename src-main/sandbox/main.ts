import { parseArgs } from 'node:util'
import { SANDBOX_CREDENTIALS, startSandbox } from './index'
import { exposureWarning } from './request-guard'

/** `npm run sandbox -- --port 8787 --data-dir ./sandbox-data [--host 127.0.0.1] [--config sandbox.yaml] [--lenient]` */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string', default: './sandbox-data' },
      config: { type: 'string' },
      lenient: { type: 'boolean', default: false }
    }
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`--port must be a number from 0 to 65535 (got ${values.port})`)
  const warning = exposureWarning(values.host)
  if (warning) console.error(`${warning}\n`)
  const sandbox = await startSandbox({
    dataDir: values['data-dir'],
    host: values.host,
    port,
    lenient: values.lenient,
    ...(values.config ? { configPath: values.config } : {})
  })
  const c = SANDBOX_CREDENTIALS
  console.log(`Thalassa KMS sandbox (local emulator, not Thalassa Cloud) listening on ${sandbox.url}`)
  console.log(`  data folder: ${values['data-dir']}${values.config ? `, config: ${values.config}` : ''}`)
  console.log(
    values.lenient
      ? '  LENIENT mode: accepts more than the real API (for exploring only)'
      : '  strict mode: accepts exactly what the Thalassa SDK sends (docs/sandbox.md)'
  )
  if (!values.config) {
    console.log(`  organisations: ${c.organisation} (KMS on), ${c.noKmsOrganisation} (KMS off)`)
    // The defaults are documented local test credentials, not secrets; a config file's values are never printed.
    console.log(`  personal access tokens: ${c.adminPat} (full access), ${c.readerPat} (read-only)`)
    console.log(`  service account client id: ${c.clientId} (secret in docs/sandbox.md)`)
    console.log(
      `  projects: ${c.projects.join(', ')}; regions: ${c.regions.join(', ')} (KMS), ${c.unavailableRegion} (no KMS)`
    )
  }
  console.log('Press Ctrl-C to stop.')
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: stopping the sandbox...`)
    sandbox.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error('sandbox: error while stopping:', e instanceof Error ? e.message : e)
        process.exit(1)
      }
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((e: unknown) => {
  console.error(`sandbox: ${e instanceof Error ? e.message : String(e)}`)
  process.exit(1)
})
