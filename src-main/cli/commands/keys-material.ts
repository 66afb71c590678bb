import type { Command } from 'commander'
import { assertTargetFree } from '../../services/files/output-target'
import { exportMaterial, publicKeyVersions, savePublicKey } from '../../services/keys/key-actions'
import { headlessPlatform } from '../../services/platform'
import { UsageError } from '../errors'
import { oneOf, positiveInt, run } from '../run'

const FORMATS = ['pem', 'der', 'jwk'] as const

export function keyMaterialCommands(keys: Command): void {
  keys
    .command('public-key <key>')
    .description('Print or save the public key (RSA, ECDSA, Ed25519)')
    .option('--version <n>', 'key version (default: latest)', positiveInt)
    .option('--format <fmt>', 'pem, der or jwk', oneOf(FORMATS), 'pem')
    .option('--out <file>', 'write to this file instead of stdout (needed for der)')
    .option('--force', 'overwrite --out if it exists')
    .action(
      (
        id: string,
        o: { version?: number; format: (typeof FORMATS)[number]; out?: string; force?: boolean },
        cmd: Command
      ) =>
        run(cmd, async (ctx) => {
          const region = await ctx.region()
          const ws = (await ctx.core()).workspace
          const views = await publicKeyVersions(ws, region, id, o.version)
          const view = o.version ? views.find((v) => v.version === o.version) : views[0]
          if (!view) throw new UsageError(`Key ${id} has no public key${o.version ? ` for version ${o.version}` : ''}.`)
          if (o.out) {
            await assertTargetFree(o.out, o.force)
            // The app's own save path: same encodings, atomic write, 0644 (a public key is not secret).
            await savePublicKey(ws, headlessPlatform({ save: [o.out] }), {
              region,
              id,
              version: view.version,
              format: o.format
            })
            ctx.out.result(
              { path: o.out, version: view.version, format: o.format, fingerprint: view.fingerprint },
              () => `Saved version ${view.version} (${o.format}) to ${o.out}\nfingerprint: ${view.fingerprint}\n`
            )
            return
          }
          if (o.format === 'der')
            throw new UsageError('DER is binary: give --out <file>.', 'Or use --format pem or jwk to print it.')
          if (ctx.out.json) ctx.out.result(view, () => '')
          else ctx.out.raw(o.format === 'pem' ? view.pem : `${JSON.stringify(view.jwk, null, 2)}\n`)
        })
    )

  keys
    .command('export-material <key>')
    .description('Break-glass export of exportable key material into a 0600 file (never printed)')
    .requiredOption('--out <file>', 'file to write the material to (raw bytes, or PKCS#8 DER for asymmetric keys)')
    .requiredOption('--confirm <name>', 'the key name, typed exactly, to confirm')
    .option('--version <n>', 'key version (default: latest)', positiveInt)
    .option('--force', 'overwrite --out if it exists')
    .action((id: string, o: { out: string; confirm: string; version?: number; force?: boolean }, cmd: Command) =>
      run(cmd, async (ctx) => {
        await assertTargetFree(o.out, o.force)
        const region = await ctx.region()
        const ws = (await ctx.core()).workspace
        await exportMaterial(ws, headlessPlatform({ save: [o.out] }), {
          region,
          id,
          confirmName: o.confirm,
          ...(o.version ? { version: o.version } : {})
        })
        ctx.out.result(
          { path: o.out, mode: '0600' },
          () => `Key material written to ${o.out} (mode 0600). Anyone who reads it can use the key outside the KMS.\n`
        )
      })
    )
}
