import type { Command } from 'commander'
import type { Profile } from '@contract/schemas/profiles'
import type { Scope } from '@contract/schemas/scope'
import type { LeanCore } from '../services/core'
import type { KmsClient } from '../services/kms/client'
import { ENV_PROFILE_ID } from '../services/profiles/env-profile-id'
import { resolveDataDir } from './data-dir'
import { globalOptions } from './globals'
import { invocationOf, processIo, type CliIo } from './io'
import { interruptSignal } from './signals'
import { UsageError } from './errors'
import { Output, type OutputMode } from './output'

export const CLI_VERSION = '0.1.0'

export interface GlobalOptions {
  profile?: string
  region?: string
  project?: string
  output: OutputMode
  quiet?: boolean
  dataDir?: string
  /** Print every KMS request and answer, redacted, to stderr. */
  debugHttp?: boolean
}

/**
 * What every command gets: the output, and the app's core built on demand. The core is only built
 * when a command needs profiles or the KMS, and its embedded sandbox only starts when the profile
 * in use is the Local sandbox and the command talks to the KMS.
 */
export class CliContext {
  readonly out: Output
  readonly dataDir: string
  /** Aborted by Ctrl-C or SIGTERM: long work passes it on, so it cancels and removes its temp files. */
  readonly signal: AbortSignal = interruptSignal
  readonly env: NodeJS.ProcessEnv
  #core: Promise<LeanCore> | undefined

  constructor(
    readonly opts: GlobalOptions,
    readonly io: CliIo = processIo()
  ) {
    if (opts.output !== 'json' && opts.output !== 'table')
      throw new UsageError(`--output must be json or table (got "${String(opts.output)}").`)
    this.env = io.env
    this.out = new Output(opts.output, opts.quiet === true, io.stdout, io.stderr)
    this.dataDir = resolveDataDir(opts.dataDir, io.env, io.home)
  }

  static of(cmd: Command): CliContext {
    return new CliContext(globalOptions(cmd), invocationOf(cmd).io)
  }

  core(needsKms = true): Promise<LeanCore> {
    this.#core ??= this.#createCore(needsKms)
    return this.#core
  }

  /** Headless use: THALASSA_* variables make an `env` profile for this process (docs/cli.md). */
  async #ephemeral(): Promise<{ ephemeral?: { profile: Profile; secret: string } }> {
    const { envProfile } = await import('../services/profiles/env-profile')
    const e = envProfile(this.env)
    if (e?.ok) return { ephemeral: e }
    if (this.opts.profile?.toLowerCase() !== ENV_PROFILE_ID) return {}
    const missing = e?.missing ?? [
      'THALASSA_API_ENDPOINT',
      'THALASSA_ORGANISATION',
      'THALASSA_API_TOKEN (or THALASSA_ACCESS_TOKEN, or THALASSA_CLIENT_ID and THALASSA_CLIENT_SECRET)'
    ]
    throw new UsageError(
      `--profile env is made from THALASSA_* variables, and ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set.`,
      'Set THALASSA_API_ENDPOINT, THALASSA_ORGANISATION and one credential (docs/cli.md, "Headless and CI use").'
    )
  }

  async #createCore(needsKms: boolean): Promise<LeanCore> {
    // Loaded on first use, so --help, completion and usage errors never evaluate the HTTP stack.
    const [{ createLeanCore }, { wireLog }, { headlessPlatform }] = await Promise.all([
      import('../services/core'),
      import('../services/log/wire-log'),
      import('../services/platform')
    ])
    const ephemeral = await this.#ephemeral()
    return createLeanCore({
      dataDir: this.dataDir,
      appName: 'Thalassa KMS Desktop',
      appVersion: CLI_VERSION,
      platform: headlessPlatform(),
      env: this.env,
      ...(this.io.home !== undefined ? { home: this.io.home } : {}),
      ...(this.io.secretBackend ? { secretBackend: this.io.secretBackend } : {}),
      needsKms,
      ...(this.opts.debugHttp ? { wire: wireLog((line) => this.io.stderr.write(`${line}\n`)) } : {}),
      ...ephemeral,
      ...(this.opts.profile ? { profile: this.opts.profile } : {})
    })
  }

  /** The scope KMS calls go to: the profile's defaults, overridden by --region and --project. */
  async scope(): Promise<Scope> {
    const ws = (await this.core()).workspace
    const update = {
      ...(this.opts.region ? { region: this.opts.region } : {}),
      ...(this.opts.project ? { project: this.opts.project } : {})
    }
    return Object.keys(update).length ? ws.setScope(update) : ws.scope()
  }

  async region(): Promise<string> {
    return (await this.scope()).region
  }

  async client(): Promise<KmsClient> {
    await this.scope()
    return (await this.core()).workspace.client()
  }

  async close(): Promise<void> {
    if (!this.io.keepFileWorkers) await (await import('../services/files')).closeSharedPool()
    const c = this.#core
    this.#core = undefined
    if (c)
      await c.then(
        (x) => x.close(),
        () => undefined
      )
  }
}
