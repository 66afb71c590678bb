import { existsSync } from 'node:fs'
import { basename } from 'node:path'
import type { Command } from 'commander'
import { SIGNATURE_FORMATS, type SignatureFormat } from '@contract/signature-formats'
import type { StandardVerifyResult } from '../../services/signing'
import { FILE_HASHES, type FileHash } from '../../services/signing/hash-file'
import type { CliContext } from '../context'
import { EXIT, UsageError, type ExitCode } from '../errors'
import { oneOf, run } from '../run'
import { readText, resolveKey } from './key-ref'

// The signing services (and their curve libraries) load when a signing command runs, not at every start.
const services = () => import('../../services/signing')

async function signing(ctx: CliContext) {
  const { kmsSigning } = await services()
  const ws = (await ctx.core()).workspace
  await ctx.scope()
  return kmsSigning(() => ws.client())
}

/** What `sign` and `hmac` share: the key, the KMS, the output options, progress and the audit entry. */
async function keyedFile(
  ctx: CliContext,
  file: string,
  o: { key: string; hash?: FileHash; out?: string; force?: boolean }
) {
  const svc = await services()
  const key = await resolveKey(ctx, o.key)
  const kms = await signing(ctx)
  const common = {
    file,
    kms,
    key,
    overwrite: o.force,
    ...(o.hash ? { hash: o.hash } : {}),
    ...(o.out ? { output: o.out } : {}),
    onProgress: ctx.out.progress(basename(file)),
    signal: ctx.signal
  }
  return { svc, common, audit: { region: key.region, key: key.slug, detail: basename(file) } }
}

function verdict(
  ctx: CliContext,
  file: string,
  r: { valid: boolean; reason?: string; detail?: string; scheme?: string },
  key: { region: string; slug: string; keyVersion?: string }
): ExitCode {
  ctx.out.result(
    {
      file,
      valid: r.valid,
      ...(r.reason ? { reason: r.reason } : {}),
      ...(r.detail ? { detail: r.detail } : {}),
      ...(r.scheme ? { scheme: r.scheme } : {}),
      key
    },
    () =>
      r.valid
        ? `valid: ${file} (key ${key.region}/${key.slug}${key.keyVersion ? ` v${key.keyVersion}` : ''}${r.detail ? `; ${r.detail}` : ''})\n`
        : `NOT valid: ${file}: ${r.reason ?? ''}\n`
  )
  return r.valid ? EXIT.ok : EXIT.local
}

function standardVerdict(ctx: CliContext, file: string, r: StandardVerifyResult): ExitCode {
  ctx.out.result({ file, ...r }, () =>
    r.valid ? `valid: ${file} (${r.detail ?? r.format})\n` : `NOT valid: ${file}: ${r.reason ?? ''}\n`
  )
  return r.valid ? EXIT.ok : EXIT.local
}

export function fileSigningCommands(files: Command): void {
  files
    .command('sign <file>')
    .description(
      'Sign a file: writes a detached <file>.sig.json, or a raw (.sig) or JWS (.jws) signature that standard tools check (docs/interop.md)'
    )
    .requiredOption('--key <key>', 'RSA, ECDSA or Ed25519 key: name, identity or region/name')
    .option(
      '--format <format>',
      'sig-json (default), raw (DER/bytes for openssl dgst -verify) or jws (detached, RFC 7797)',
      oneOf(SIGNATURE_FORMATS)
    )
    .option('--hash <alg>', 'file hash: sha256 (default), sha384, sha512', oneOf(FILE_HASHES))
    .option('--out <file>', 'signature file (default <file>.sig.json, .sig or .jws)')
    .option('--force', 'overwrite the signature file')
    .action(
      (
        file: string,
        o: { key: string; format?: SignatureFormat; hash?: FileHash; out?: string; force?: boolean },
        cmd: Command
      ) =>
        run(cmd, async (ctx) => {
          const { svc, common, audit } = await keyedFile(ctx, file, o)
          if (o.format === 'raw' || o.format === 'jws') {
            const format = o.format
            const r = await (
              await ctx.core()
            ).workspace.audited('files:sign', audit, () => svc.signFileStandard({ ...common, format }))
            return void ctx.out.result(
              r,
              () => `${file} signed → ${r.output} (${r.alg ?? `raw ${svc.SCHEME_LABEL[r.scheme]}`}, ${r.hash})\n`
            )
          }
          const r = await (await ctx.core()).workspace.audited('files:sign', audit, () => svc.signFile(common))
          ctx.out.result(r, () => `${file} signed → ${r.output}\n`)
        })
    )

  files
    .command('verify <file>')
    .description(
      "Verify a file signature (.sig.json, raw or JWS, recognised by content): online with the key's public key fetched from the KMS, or offline with --public-key (no network, no profile); exit 0 valid, 3 not"
    )
    .option('--signature <file>', 'signature file (default: <file>.sig.json, else <file>.jws, else <file>.sig)')
    .option('--public-key <file>', 'verify offline with this exported public key (PEM, or base64 Ed25519)')
    .option('--key <key>', 'raw and JWS signatures name no key: the KMS key whose public keys to check (online)')
    .option('--hash <alg>', 'raw signatures: the hash used at signing (default sha256)', oneOf(FILE_HASHES))
    .action(
      (file: string, o: { signature?: string; publicKey?: string; key?: string; hash?: FileHash }, cmd: Command) =>
        run(cmd, async (ctx) => {
          const svc = await services()
          const sigFile =
            o.signature ??
            (['sig-json', 'jws', 'raw'] as const)
              .map((f) => `${file}${svc.FORMAT_EXTENSION[f]}`)
              .find((p) => existsSync(p)) ??
            `${file}${svc.FORMAT_EXTENSION['sig-json']}`
          const detected = existsSync(sigFile) ? await svc.detectSignature(sigFile) : { format: 'sig-json' as const }
          if (detected.format !== 'sig-json') {
            const progress = {
              onProgress: ctx.out.progress(basename(file)),
              signal: ctx.signal,
              ...(o.hash ? { hash: o.hash } : {})
            }
            if (o.publicKey)
              return standardVerdict(
                ctx,
                file,
                await svc.verifyStandard(file, detected, { publicKey: await readText(o.publicKey) }, progress)
              )
            if (!o.key)
              throw new UsageError(
                `${sigFile} is a ${detected.format} signature, which does not name its key.`,
                'Add --key <key> (verify online) or --public-key <file> (offline).'
              )
            const key = await resolveKey(ctx, o.key)
            const kms = await signing(ctx)
            const r = await (
              await ctx.core()
            ).workspace.audited('files:verify', { region: key.region, key: key.slug, detail: basename(file) }, () =>
              svc.verifyStandard(file, detected, { kms, region: key.region, id: key.identity }, progress)
            )
            return standardVerdict(ctx, file, r)
          }
          if (o.publicKey) {
            const r = await svc.verifyFileOffline(file, sigFile, await readText(o.publicKey), {
              onProgress: ctx.out.progress(basename(file)),
              signal: ctx.signal
            })
            return verdict(ctx, file, r, r.signature.key)
          }
          const kms = await signing(ctx)
          const r = await (
            await ctx.core()
          ).workspace.audited('files:verify', { detail: basename(file) }, () =>
            svc.verifyFileOnline({
              file,
              kms,
              sigFile,
              onProgress: ctx.out.progress(basename(file)),
              signal: ctx.signal
            })
          )
          return verdict(ctx, file, r, r.signature.key)
        })
    )

  files
    .command('hmac <file>')
    .description('HMAC a file: writes <file>.hmac.json')
    .requiredOption('--key <key>', 'HMAC key: name, identity or region/name')
    .option('--hash <alg>', 'file hash: sha256 (default), sha384, sha512', oneOf(FILE_HASHES))
    .option('--out <file>', 'HMAC file (default <file>.hmac.json)')
    .option('--force', 'overwrite the HMAC file')
    .action((file: string, o: { key: string; hash?: FileHash; out?: string; force?: boolean }, cmd: Command) =>
      run(cmd, async (ctx) => {
        const { svc, common, audit } = await keyedFile(ctx, file, o)
        const r = await (await ctx.core()).workspace.audited('files:hmac', audit, () => svc.hmacFile(common))
        ctx.out.result(r, () => `${file} HMAC → ${r.output}\n`)
      })
    )

  files
    .command('verify-hmac <file>')
    .description('Verify a file HMAC with the KMS; exit 0 valid, 3 not')
    .option('--hmac-file <file>', 'HMAC file (default <file>.hmac.json)')
    .action((file: string, o: { hmacFile?: string }, cmd: Command) =>
      run(cmd, async (ctx) => {
        const svc = await services()
        const kms = await signing(ctx)
        const r = await (
          await ctx.core()
        ).workspace.audited('files:verify-hmac', { detail: basename(file) }, () =>
          svc.verifyHmacFile({
            file,
            kms,
            ...(o.hmacFile ? { macFile: o.hmacFile } : {}),
            onProgress: ctx.out.progress(basename(file)),
            signal: ctx.signal
          })
        )
        return verdict(ctx, file, r, r.hmac.key)
      })
    )
}
