import { basename } from 'node:path'
import type { Command } from 'commander'
import { FILE_HASHES, hmacFile, kmsSigning, signFile, verifyFileOffline, verifyFileOnline, verifyHmacFile, type FileHash } from '../../services/signing'
import type { CliContext } from '../context'
import { EXIT, type ExitCode } from '../errors'
import { oneOf, run } from '../run'
import { readText, resolveKey } from './key-ref'

async function signing(ctx: CliContext) {
  const ws = (await ctx.core()).workspace
  await ctx.scope()
  return kmsSigning(() => ws.client())
}

function verdict(ctx: CliContext, file: string, r: { valid: boolean; reason?: string; detail?: string; scheme?: string }, key: { region: string; slug: string; keyVersion?: string }): ExitCode {
  ctx.out.result({ file, valid: r.valid, ...(r.reason ? { reason: r.reason } : {}), ...(r.detail ? { detail: r.detail } : {}), ...(r.scheme ? { scheme: r.scheme } : {}), key }, () =>
    r.valid ? `valid: ${file} (key ${key.region}/${key.slug}${key.keyVersion ? ` v${key.keyVersion}` : ''}${r.detail ? `; ${r.detail}` : ''})\n` : `NOT valid: ${file}: ${r.reason ?? ''}\n`)
  return r.valid ? EXIT.ok : EXIT.local
}

export function fileSigningCommands(files: Command): void {
  files.command('sign <file>').description('Sign a file: writes a detached <file>.sig.json')
    .requiredOption('--key <key>', 'RSA, ECDSA or Ed25519 key: name, identity or region/name')
    .option('--hash <alg>', 'file hash: sha256 (default), sha384, sha512', oneOf(FILE_HASHES))
    .option('--out <file>', 'signature file (default <file>.sig.json)').option('--force', 'overwrite the signature file')
    .action((file: string, o: { key: string; hash?: FileHash; out?: string; force?: boolean }, cmd: Command) => run(cmd, async (ctx) => {
      const key = await resolveKey(ctx, o.key)
      const kms = await signing(ctx)
      const r = await (await ctx.core()).workspace.audited('files:sign', { region: key.region, key: key.slug, detail: basename(file) }, () =>
        signFile({ file, kms, key, overwrite: o.force, ...(o.hash ? { hash: o.hash } : {}), ...(o.out ? { output: o.out } : {}), onProgress: ctx.out.progress(basename(file)), signal: ctx.signal }))
      ctx.out.result(r, () => `${file} signed → ${r.output}\n`)
    }))

  files.command('verify <file>').description('Verify a file signature: online with the key\'s public key fetched from the KMS, or offline with --public-key (no network, no profile); exit 0 valid, 3 not')
    .option('--signature <file>', 'signature file (default <file>.sig.json)')
    .option('--public-key <file>', 'verify offline with this exported public key (PEM, or base64 Ed25519)')
    .action((file: string, o: { signature?: string; publicKey?: string }, cmd: Command) => run(cmd, async (ctx) => {
      if (o.publicKey) {
        const r = await verifyFileOffline(file, o.signature, await readText(o.publicKey), { onProgress: ctx.out.progress(basename(file)), signal: ctx.signal })
        return verdict(ctx, file, r, r.signature.key)
      }
      const kms = await signing(ctx)
      const r = await (await ctx.core()).workspace.audited('files:verify', { detail: basename(file) }, () =>
        verifyFileOnline({ file, kms, ...(o.signature ? { sigFile: o.signature } : {}), onProgress: ctx.out.progress(basename(file)), signal: ctx.signal }))
      return verdict(ctx, file, r, r.signature.key)
    }))

  files.command('hmac <file>').description('HMAC a file: writes <file>.hmac.json')
    .requiredOption('--key <key>', 'HMAC key: name, identity or region/name')
    .option('--hash <alg>', 'file hash: sha256 (default), sha384, sha512', oneOf(FILE_HASHES))
    .option('--out <file>', 'HMAC file (default <file>.hmac.json)').option('--force', 'overwrite the HMAC file')
    .action((file: string, o: { key: string; hash?: FileHash; out?: string; force?: boolean }, cmd: Command) => run(cmd, async (ctx) => {
      const key = await resolveKey(ctx, o.key)
      const kms = await signing(ctx)
      const r = await (await ctx.core()).workspace.audited('files:hmac', { region: key.region, key: key.slug, detail: basename(file) }, () =>
        hmacFile({ file, kms, key, overwrite: o.force, ...(o.hash ? { hash: o.hash } : {}), ...(o.out ? { output: o.out } : {}), onProgress: ctx.out.progress(basename(file)), signal: ctx.signal }))
      ctx.out.result(r, () => `${file} HMAC → ${r.output}\n`)
    }))

  files.command('verify-hmac <file>').description('Verify a file HMAC with the KMS; exit 0 valid, 3 not')
    .option('--hmac-file <file>', 'HMAC file (default <file>.hmac.json)')
    .action((file: string, o: { hmacFile?: string }, cmd: Command) => run(cmd, async (ctx) => {
      const kms = await signing(ctx)
      const r = await (await ctx.core()).workspace.audited('files:verify-hmac', { detail: basename(file) }, () =>
        verifyHmacFile({ file, kms, ...(o.hmacFile ? { macFile: o.hmacFile } : {}), onProgress: ctx.out.progress(basename(file)), signal: ctx.signal }))
      return verdict(ctx, file, r, r.hmac.key)
    }))
}
