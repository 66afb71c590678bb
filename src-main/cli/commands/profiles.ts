import { resolve } from 'node:path'
import type { Command } from 'commander'
import type { ProfileInput, ProfileView } from '@contract/schemas/profiles'
import { AppFailure } from '../../services/kms/errors'
import { ENV_PROFILE_ID } from '../../services/profiles/env-profile-id'
import { EXIT } from '../errors'
import { promptSecret, secretFromStdin } from '../input'
import { renderFields, renderTable } from '../output'
import { oneOf, run } from '../run'
import type { CliContext } from '../context'

const AUTH_KINDS = ['pat', 'access-token', 'client-credentials'] as const

/** The `env` profile's secret is in this process's environment, not in the keychain. */
const secretOf = (p: ProfileView): string => (p.id === ENV_PROFILE_ID ? 'environment' : p.secretStatus)

function row(p: ProfileView) {
  return {
    active: p.active ? '*' : '',
    name: p.name,
    kind: p.kind,
    organisation: p.organisation,
    project: p.project,
    region: p.defaultRegion,
    auth: p.auth.kind,
    secret: secretOf(p),
    endpoint: p.kind === 'sandbox' ? 'embedded' : p.endpoint
  }
}

async function find(ctx: CliContext, nameOrId: string): Promise<ProfileView> {
  const core = await ctx.core(false)
  const p = core.store.pin(nameOrId)
  return (await core.profiles.list()).find((v) => v.id === p.id) as ProfileView
}

export function profilesCommand(program: Command): void {
  const profiles = program
    .command('profiles')
    .description('Connection profiles shared with the app (secrets live in the OS keychain)')

  profiles
    .command('list')
    .description('List profiles; * marks the one in use')
    .action((_o, cmd: Command) =>
      run(cmd, async (ctx) => {
        const list = await (await ctx.core(false)).profiles.list()
        // The sandbox's URL exists only while it runs: never print a stale one.
        const shown = list.map((p) =>
          p.kind === 'sandbox' ? { ...p, endpoint: 'embedded' } : { ...p, secretStatus: secretOf(p) }
        )
        ctx.out.result(shown, () =>
          renderTable(list.map(row), [
            'active',
            'name',
            'kind',
            'organisation',
            'project',
            'region',
            'auth',
            'secret',
            'endpoint'
          ])
        )
      })
    )

  profiles
    .command('add <name>')
    .description('Add a Thalassa Cloud profile; the secret is read from a prompt (echo off) or stdin')
    .requiredOption('--organisation <slug>', 'organisation slug or identity')
    .option('--endpoint <url>', 'API endpoint', 'https://api.thalassa.cloud')
    .option('--default-project <id>', 'project to scope calls to by default')
    .option('--default-region <slug>', 'region to use by default, e.g. nl-01')
    .option('--auth <kind>', `credential kind: ${AUTH_KINDS.join(', ')}`, oneOf(AUTH_KINDS), 'pat')
    .option('--client-id <id>', 'service account client id (with --auth client-credentials)')
    .option('--ca-bundle <file>', 'PEM file with extra CA certificates')
    .option('--secret-stdin', 'read the token or client secret from stdin instead of prompting')
    .option('--use', 'make it the active profile (for the app too)')
    .action(
      (
        name: string,
        o: {
          organisation: string
          endpoint: string
          defaultProject?: string
          defaultRegion?: string
          auth: (typeof AUTH_KINDS)[number]
          clientId?: string
          caBundle?: string
          secretStdin?: boolean
          use?: boolean
        },
        cmd: Command
      ) =>
        run(cmd, async (ctx) => {
          const auth: ProfileInput['auth'] =
            o.auth === 'client-credentials'
              ? { kind: 'client-credentials', clientId: o.clientId ?? '' }
              : { kind: o.auth }
          const input: ProfileInput = {
            name,
            endpoint: o.endpoint,
            organisation: o.organisation,
            auth,
            ...(o.defaultProject ? { project: o.defaultProject } : {}),
            ...(o.defaultRegion ? { defaultRegion: o.defaultRegion } : {}),
            ...(o.caBundle ? { caBundlePath: resolve(o.caBundle) } : {})
          }
          const label =
            o.auth === 'client-credentials'
              ? 'Client secret'
              : o.auth === 'pat'
                ? 'Personal access token'
                : 'Access token'
          const secret = o.secretStdin
            ? await secretFromStdin(ctx.io.stdin)
            : await promptSecret(`${label} for ${name}: `, ctx.io.stdin, ctx.io.stderr)
          const core = await ctx.core(false)
          let view = await core.profiles.create(input, secret)
          if (o.use) view = await core.profiles.selectActive(view.id)
          // The certificates the profile now trusts, as the app shows them when a bundle is added.
          const cas = (view.caCertificates ?? []).map((c) => ({
            'trusted ca': c.subject,
            'sha-256': c.fingerprint,
            until: c.notAfter.slice(0, 10)
          }))
          ctx.out.result(
            view,
            () =>
              renderFields(row(view)) + (cas.length ? `\n${renderTable(cas, ['trusted ca', 'sha-256', 'until'])}` : '')
          )
        })
    )

  profiles
    .command('remove <name>')
    .description('Remove a profile and its secret from the keychain')
    .action((name: string, _o, cmd: Command) =>
      run(cmd, async (ctx) => {
        const p = await find(ctx, name)
        await (await ctx.core(false)).profiles.delete(p.id)
        ctx.out.result({ removed: p.name, id: p.id }, () => `Removed profile ${p.name}\n`)
      })
    )

  profiles
    .command('use <name>')
    .description('Make a profile the active one (for the app too)')
    .action((name: string, _o, cmd: Command) =>
      run(cmd, async (ctx) => {
        const p = await find(ctx, name)
        const view = await (await ctx.core(false)).profiles.selectActive(p.id)
        ctx.out.result(view, () => `Active profile: ${view.name}\n`)
      })
    )

  profiles
    .command('test [name]')
    .description('Check that a profile connects (default: the one in use)')
    .action((name: string | undefined, _o, cmd: Command) =>
      run(cmd, async (ctx) => {
        if (name) ctx.opts.profile = name
        const core = await ctx.core(true)
        const p = core.store.active()
        const r = await core.profiles.testConnection(p.id)
        if (!r.ok) throw new AppFailure(r.error)
        ctx.out.result(
          { profile: p.name, ...r },
          () =>
            renderFields({
              profile: p.name,
              kms: r.featureEnabled ? 'enabled' : 'NOT enabled',
              latency: `${r.latencyMs} ms`
            }) +
            renderTable(
              r.regions.map((x) => ({
                region: x.slug,
                name: x.name,
                kms: x.kmsAvailable ? 'available' : 'not available'
              })),
              ['region', 'name', 'kms']
            )
        )
        if (r.featureEnabled) return EXIT.ok
        ctx.out.error({
          code: 'kms_not_enabled',
          message: `The connection works, but KMS is not enabled for organisation ${p.organisation}.`,
          hint: 'Ask an organisation administrator to enable the KMS feature, or pick another organisation.'
        })
        return EXIT.kms
      })
    )
}
