import type { Command } from 'commander'
import type { ImportReport, KeyMaterial } from '../../services/byok'
import { MATERIAL_FORMATS, type MaterialFormat } from '../../services/byok/material-decode'
import { IMPORTABLE_KEY_TYPES } from '../../services/byok/importable'
import { assertTargetFree } from '../../services/files/output-target'
import type { CliContext } from '../context'
import { EXIT, UsageError, type ExitCode } from '../errors'
import { secretFromStdin } from '../input'
import { renderFields } from '../output'
import { collect, keyValues, oneOf, run } from '../run'

// The BYOK services (and their AES tables) load when a byok command runs, not at every start.
const services = () => import('../../services/byok')

interface MaterialOpts {
  keyType: string
  generate?: boolean
  material?: string
  materialFormat?: MaterialFormat
  passphraseStdin?: boolean
  backup?: string
}
interface MetaOpts {
  name: string
  description?: string
  label?: string[]
  hash?: string
  allowRotation?: boolean
}

const withMaterial = (c: Command) =>
  c
    .requiredOption('--key-type <type>', `key type: ${IMPORTABLE_KEY_TYPES.join(', ')} (HMAC keys cannot be imported)`)
    .option('--generate', 'generate fresh material from the OS random source')
    .option('--material <file>', 'load the material from this file (PEM, DER, JWK, raw, hex, base64)')
    .option(
      '--material-format <fmt>',
      `force the material encoding: ${MATERIAL_FORMATS.join(', ')}`,
      oneOf(MATERIAL_FORMATS)
    )
    .option('--passphrase-stdin', 'read the passphrase of an encrypted PEM from stdin')
    .option('--backup <file>', 'also write a plaintext backup of the material (0600, never overwritten)')
    .requiredOption('--name <name>', 'name of the key to create (cannot be changed later)')
    .option('--description <text>', 'description')
    .option('--label <k=v>', 'label (repeatable)', collect)
    .option('--hash <fn>', 'RSA-OAEP hash of the wrap: sha256 (default), sha1, sha384, sha512')
    .option('--allow-rotation', 'allow rotating the imported key (fixed at import)')

/** Generate or load the material; write the backup now, since wrapping erases it. */
async function material(ctx: CliContext, o: MaterialOpts): Promise<KeyMaterial> {
  if (!o.generate === !o.material) throw new UsageError('Give exactly one of --generate or --material <file>.')
  const svc = await services()
  if (o.backup) await assertTargetFree(o.backup, false)
  const passphrase = o.passphraseStdin ? await secretFromStdin(ctx.io.stdin) : undefined
  const m = o.generate
    ? await svc.generateMaterial(o.keyType)
    : await svc.loadMaterialFile(o.keyType, o.material ?? '', {
        ...(o.materialFormat ? { format: o.materialFormat } : {}),
        ...(passphrase ? { passphrase } : {})
      })
  if (o.backup) {
    try {
      const b = await svc.saveMaterialBackup(m, o.backup)
      ctx.out.warn(`backup written to ${b.path}: ${b.warning}`)
    } catch (e) {
      m.destroy()
      throw e
    }
  }
  return m
}

const meta = (o: MetaOpts) => {
  const labels = keyValues(o.label, '--label')
  return {
    name: o.name,
    allowRotation: o.allowRotation === true,
    ...(o.description ? { description: o.description } : {}),
    ...(labels ? { labels } : {}),
    ...(o.hash ? { hashFunction: o.hash } : {})
  }
}

function report(ctx: CliContext, r: ImportReport): ExitCode {
  ctx.out.result(r, () =>
    renderFields({
      key: r.key.name,
      identity: r.key.identity,
      region: r.region,
      type: r.keyType,
      imported: r.imported ? 'yes' : 'NO',
      'wrapping key': r.wrappingKeyFingerprint,
      'public key (local)': r.publicKeyCheck?.localFingerprint,
      'public key (KMS)': r.publicKeyCheck?.remoteFingerprint,
      'public key match': r.publicKeyCheck ? (r.publicKeyCheck.match ? 'yes' : 'NO') : undefined
    })
  )
  for (const w of r.warnings) ctx.out.warn(w)
  // The key exists, but something did not check out: an integrity failure for scripts.
  return r.ok ? EXIT.ok : EXIT.local
}

export function byokCommand(program: Command): void {
  const byok = program
    .command('byok')
    .description('Bring your own key: wrap material under the region wrapping key and import it (docs/byok.md)')
  const wk = byok.command('wrapping-key').description('The region wrapping key')

  wk.command('save')
    .description('Fetch the region wrapping key and save it as a wrapping-key file (online machine)')
    .requiredOption('--out <file>', 'wrapping-key file, e.g. nl-01.wrapping-key.json')
    .option('--force', 'overwrite --out')
    .action((o: { out: string; force?: boolean }, cmd: Command) =>
      run(cmd, async (ctx) => {
        const svc = await services()
        const region = await ctx.region()
        const core = await ctx.core()
        const p = core.store.active()
        const { file } = await core.workspace.audited('byok:wrapping-key', { region }, (c) =>
          svc.fetchWrappingKey(c, region, { endpoint: p.endpoint, organisation: p.organisation })
        )
        await svc.saveWrappingKeyFile(o.out, file, { overwrite: o.force === true })
        ctx.out.result(
          { path: o.out, region, fingerprint: file.fingerprint, rsaBits: file.rsaBits },
          () =>
            `Saved the ${region} wrapping key to ${o.out}\nfingerprint: ${file.fingerprint}\nsize:        RSA-${file.rsaBits}\nNote the fingerprint: compare it on the offline workstation.\n`
        )
      })
    )

  withMaterial(
    byok.command('prepare').description('Wrap material into an import bundle, offline (no network, no profile)')
  )
    .requiredOption('--wrapping-key <file>', 'wrapping-key file saved on the online machine')
    .requiredOption('--out <file>', 'bundle file, e.g. <name>.byok.json (0600, never overwritten)')
    .action((o: MaterialOpts & MetaOpts & { wrappingKey: string; out: string }, cmd: Command) =>
      run(cmd, async (ctx) => {
        const svc = await services()
        const { file, wrappingKey } = await svc.loadWrappingKeyFile(o.wrappingKey)
        await assertTargetFree(o.out, false)
        ctx.out.note(
          `Wrapping key ${file.region} RSA-${wrappingKey.rsaBits}, fingerprint ${wrappingKey.fingerprint}: compare it with the one noted online.`
        )
        const bundle = svc.prepareBundle(file, await material(ctx, o), meta(o))
        await svc.writeBundle(o.out, bundle)
        const view = svc.describeBundle(bundle)
        const core = await ctx.core(false)
        await core.activity.record({
          profile: '(offline)',
          operation: 'byok:prepare',
          outcome: 'ok',
          region: bundle.region,
          key: bundle.name,
          detail: bundle.keyType
        })
        ctx.out.result(
          { path: o.out, ...view },
          () =>
            `Bundle written to ${o.out}\n` +
            renderFields({
              region: view.region,
              type: view.keyType,
              name: view.name,
              'wrapping key': view.wrappingKeyFingerprint,
              'public key': view.publicKeyFingerprint
            })
        )
      })
    )

  byok
    .command('import <bundle>')
    .description('Import a bundle made offline (checks region, wrapping key and, after import, the public key)')
    .action((path: string, _o, cmd: Command) =>
      run(cmd, async (ctx) => {
        const svc = await services()
        const bundle = await svc.readBundle(path)
        const region = ctx.opts.region ?? bundle.region
        const ws = (await ctx.core()).workspace
        await ctx.scope()
        const r = await ws.audited('byok:import', { region, key: bundle.name, detail: bundle.keyType }, (c) =>
          svc.importBundle(c, path, { region })
        )
        return report(ctx, r)
      })
    )

  withMaterial(
    byok.command('import-now').description('Fetch the wrapping key, wrap and import in one step (online)')
  ).action((o: MaterialOpts & MetaOpts, cmd: Command) =>
    run(cmd, async (ctx) => {
      const svc = await services()
      const region = await ctx.region()
      const m = await material(ctx, o)
      try {
        const r = await (
          await ctx.core()
        ).workspace.audited('byok:import-now', { region, key: o.name, detail: o.keyType }, (c) =>
          svc.importOneStep(c, region, m, meta(o))
        )
        return report(ctx, r)
      } finally {
        m.destroy() // already erased once wrapped; this covers failures before that
      }
    })
  )

  byok
    .command('inspect <bundle>')
    .description('Validate a bundle and show what it will create (offline)')
    .action((path: string, _o, cmd: Command) =>
      run(cmd, async (ctx) => {
        const svc = await services()
        const view = svc.describeBundle(await svc.readBundle(path))
        ctx.out.result(view, () =>
          renderFields({
            region: view.region,
            type: view.keyType,
            name: view.name,
            description: view.description,
            'allow rotation': view.allowRotation ? 'yes' : 'no',
            hash: view.hashFunction,
            'wrapping key': view.wrappingKeyFingerprint,
            'public key': view.publicKeyFingerprint,
            created: view.createdAt
          })
        )
      })
    )
}
