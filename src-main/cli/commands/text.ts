import type { Command } from 'commander'
import { HASH_ALGORITHMS } from '@contract/hash-algorithms'
import { writeFileAtomic } from '../../services/byok/atomic-write'
import { fromPayload, toPayload } from '../../services/keys/text-crypto'
import type { CliContext } from '../context'
import { EXIT, type ExitCode } from '../errors'
import { readInput } from '../input'
import { renderFields } from '../output'
import { oneOf, positiveInt, run } from '../run'

// Local verification (and its curve libraries) loads when `verify` runs, not at every start.
const verifyTextService = () => import('../../services/keys/text-verify')

interface InputOpts {
  key: string
  text?: string
  in?: string
  base64?: boolean
  keyVersion?: number
}

const withInput = (c: Command) =>
  c
    .requiredOption('--key <key>', 'key name/slug or identity')
    .option('--in <file>', 'read the input from this file (- for stdin)')
    .option('--text <text>', 'the input as a UTF-8 string')
    .option('--base64', 'the input is base64 text (decoded before use)')

/** Input → the KMS's base64 payload (1–65535 bytes), the app's own check. */
async function payload(ctx: CliContext, o: InputOpts, field = 'input'): Promise<string> {
  const bytes = await readInput(o, field, ctx.io.stdin)
  return o.base64
    ? toPayload(bytes.toString('utf8'), 'base64', field)
    : toPayload(bytes.toString('base64'), 'base64', field)
}

const version = (v: number | undefined) => (v ? { keyVersion: String(v) } : {})

async function audited<T>(
  ctx: CliContext,
  op: string,
  key: string,
  fn: (c: Awaited<ReturnType<CliContext['client']>>, region: string) => Promise<T>
): Promise<T> {
  const region = await ctx.region()
  return (await ctx.core()).workspace.audited(op, { region, key }, (c) => fn(c, region))
}

function verdict(ctx: CliContext, valid: boolean, extra: object = {}): ExitCode {
  ctx.out.result({ ...extra, valid }, () => (valid ? 'valid\n' : 'NOT valid\n'))
  return valid ? EXIT.ok : EXIT.local
}

const HASHES = [...HASH_ALGORITHMS]

export function textCommands(program: Command): void {
  withInput(
    program.command('encrypt').description('Encrypt a short payload (≤ 64 KiB) with a key; prints thalassa:v<N>:…')
  )
    .option('--key-version <n>', 'encrypt with this version', positiveInt)
    .action((o: InputOpts, cmd: Command) =>
      run(cmd, async (ctx) => {
        const plaintext = await payload(ctx, o, 'plaintext')
        const r = await audited(ctx, 'crypto:encrypt', o.key, (c, region) =>
          c.encrypt(region, o.key, { plaintext, ...version(o.keyVersion) })
        )
        ctx.out.result({ ciphertext: r.ciphertext, keyVersion: r.keyVersion }, () => `${r.ciphertext}\n`)
      })
    )

  program
    .command('decrypt')
    .description('Decrypt a thalassa:v<N>:… ciphertext; writes the plaintext bytes to stdout or --out (0600)')
    .requiredOption('--key <key>', 'key name/slug or identity')
    .option('--in <file>', 'read the ciphertext from this file (- for stdin)')
    .option('--text <ciphertext>', 'the ciphertext')
    .option('--out <file>', 'write the plaintext to this file (mode 0600)')
    .option('--force', 'overwrite --out')
    .action((o: { key: string; in?: string; text?: string; out?: string; force?: boolean }, cmd: Command) =>
      run(cmd, async (ctx) => {
        const ciphertext = (await readInput(o, 'ciphertext', ctx.io.stdin)).toString('utf8').trim()
        const r = await audited(ctx, 'crypto:decrypt', o.key, (c, region) => c.decrypt(region, o.key, { ciphertext }))
        const bytes = Buffer.from(r.plaintext, 'base64')
        try {
          if (o.out) {
            await writeFileAtomic(o.out, bytes, { mode: 0o600, overwrite: o.force === true })
            ctx.out.result({ path: o.out, bytes: bytes.length, keyVersion: r.keyVersion }, () => '')
            ctx.out.note(`Wrote ${bytes.length} bytes to ${o.out} (mode 0600)`)
          } else if (ctx.out.json) {
            const v = fromPayload(r.plaintext)
            ctx.out.result(
              { plaintext: v.text, encoding: v.encoding, bytes: v.bytes, keyVersion: r.keyVersion },
              () => ''
            )
          } else await ctx.out.rawBeforeWipe(bytes)
        } finally {
          bytes.fill(0)
        }
      })
    )

  withInput(program.command('sign').description('Sign a payload with an RSA, ECDSA or Ed25519 key'))
    .option('--hash <alg>', `hash: ${HASHES.join(', ')}`, oneOf(HASHES))
    .option('--prehashed', 'the input is already the digest')
    .option('--key-version <n>', 'sign with this version', positiveInt)
    .action((o: InputOpts & { hash?: (typeof HASHES)[number]; prehashed?: boolean }, cmd: Command) =>
      run(cmd, async (ctx) => {
        const input = await payload(ctx, o)
        const r = await audited(ctx, 'crypto:sign', o.key, (c, region) =>
          c.sign(region, o.key, { input, hashAlgorithm: o.hash, prehashed: o.prehashed, ...version(o.keyVersion) })
        )
        ctx.out.result({ signature: r.signature, keyVersion: r.keyVersion }, () => `${r.signature}\n`)
      })
    )

  withInput(program.command('verify').description('Verify a signature; exit 0 when valid, 3 when not'))
    .requiredOption('--signature <sig>', 'the thalassa:v<N>:… signature')
    .option('--hash <alg>', `hash: ${HASHES.join(', ')}`, oneOf(HASHES))
    .option('--prehashed', 'the input is already the digest: checked locally with the public key fetched from the KMS')
    .action((o: InputOpts & { signature: string; hash?: (typeof HASHES)[number]; prehashed?: boolean }, cmd: Command) =>
      run(cmd, async (ctx) => {
        const input = await payload(ctx, o)
        const r = await audited(ctx, 'crypto:verify', o.key, async (c, region) =>
          (await verifyTextService()).verifyText(c, region, o.key, {
            input,
            signature: o.signature.trim(),
            hashAlgorithm: o.hash,
            prehashed: o.prehashed
          })
        )
        ctx.out.note(r.detail)
        return verdict(ctx, r.valid, r)
      })
    )

  withInput(program.command('hmac').description('Compute an HMAC with an HMAC key'))
    .option('--algorithm <alg>', `for generic hmac keys: ${HASHES.join(', ')}`, oneOf(HASHES))
    .option('--key-version <n>', 'use this version', positiveInt)
    .action((o: InputOpts & { algorithm?: (typeof HASHES)[number] }, cmd: Command) =>
      run(cmd, async (ctx) => {
        const input = await payload(ctx, o)
        const r = await audited(ctx, 'crypto:hmac', o.key, (c, region) =>
          c.hmac(region, o.key, { input, algorithm: o.algorithm, ...version(o.keyVersion) })
        )
        ctx.out.result({ hmac: r.hmac, keyVersion: r.keyVersion }, () => `${r.hmac}\n`)
      })
    )

  withInput(program.command('verify-hmac').description('Verify an HMAC; exit 0 when valid, 3 when not'))
    .requiredOption('--hmac <mac>', 'the thalassa:v<N>:… HMAC')
    .option('--algorithm <alg>', `for generic hmac keys: ${HASHES.join(', ')}`, oneOf(HASHES))
    .action((o: InputOpts & { hmac: string; algorithm?: (typeof HASHES)[number] }, cmd: Command) =>
      run(cmd, async (ctx) => {
        const input = await payload(ctx, o)
        const r = await audited(ctx, 'crypto:verify-hmac', o.key, (c, region) =>
          c.verifyHmac(region, o.key, { input, hmac: o.hmac.trim(), hashAlgorithm: o.algorithm })
        )
        return verdict(ctx, r.valid)
      })
    )

  program
    .command('summary')
    .description('KMS status and key counts per region')
    .action((_o, cmd: Command) =>
      run(cmd, async (ctx) => {
        const s = await (await ctx.client()).summary()
        const scope = await ctx.scope()
        ctx.out.result(
          { ...s, scope },
          () =>
            renderFields({
              kms: s.featureEnabled ? 'enabled' : 'NOT enabled',
              region: scope.region,
              project: scope.project
            }) +
            s.regions
              .map(
                (r) =>
                  `  ${r.slug.padEnd(8)} ${r.kmsAvailable ? 'available    ' : 'not available'} ${r.totalKeys} keys (${r.activeKeys} active, ${r.disabledKeys} disabled, ${r.pendingDeletionKeys} pending deletion)`
              )
              .join('\n') +
            '\n'
        )
        if (s.featureEnabled) return EXIT.ok
        ctx.out.error({
          code: 'kms_not_enabled',
          message: 'KMS is not enabled for this organisation.',
          hint: 'Ask an organisation administrator to enable the KMS feature, or pick another organisation.'
        })
        return EXIT.kms
      })
    )
}
