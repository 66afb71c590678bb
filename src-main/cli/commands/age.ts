import type { Command } from 'commander'
import { supports } from '@contract/key-matrix'
import { encodeIdentity, encodeRecipient } from '../../services/age/key-ref'
import { badInput } from '../../services/kms/errors'
import type { CliContext } from '../context'
import { run } from '../run'
import { resolveKey } from './key-ref'

/** The key must be able to wrap a file key: symmetric or RSA (KMS encrypt). */
async function wrappingKey(ctx: CliContext, ref: string) {
  const k = await resolveKey(ctx, ref)
  if (!supports(k.keyType, 'encrypt'))
    throw badInput(
      `Key ${ref} is a ${k.keyType} key, which cannot encrypt, so age cannot use it`,
      'Choose an AES, ChaCha20-Poly1305 or RSA key.',
      'key'
    )
  return k
}

/** `tkms age`: the age recipient and identity of a key, for age-plugin-thalassa (docs/interop.md). */
export function ageCommand(program: Command): void {
  const age = program
    .command('age')
    .description('age and sops: the age recipient and identity of a KMS key, for age-plugin-thalassa (docs/interop.md)')

  age
    .command('recipient <key>')
    .description(
      'Print the age recipient (age1thalassa1…) of an encryption key: age -r <it> wraps file keys with this key'
    )
    .action((ref: string, _o: unknown, cmd: Command) =>
      run(cmd, async (ctx) => {
        const k = await wrappingKey(ctx, ref)
        const recipient = encodeRecipient({ region: k.region, identity: k.identity })
        ctx.out.result(
          { recipient, key: { region: k.region, identity: k.identity, slug: k.slug } },
          () => `${recipient}\n`
        )
      })
    )

  age
    .command('identity <key>')
    .description(
      'Print an age identity file (AGE-PLUGIN-THALASSA-1…) that decrypts with this key through the profile in use (--profile; `--profile env` for THALASSA_* variables)'
    )
    .action((ref: string, _o: unknown, cmd: Command) =>
      run(cmd, async (ctx) => {
        const k = await wrappingKey(ctx, ref)
        const profile = ctx.opts.profile ?? (await ctx.core()).store.active().name
        const key = { region: k.region, identity: k.identity }
        const identity = encodeIdentity({ profile, key })
        const recipient = encodeRecipient(key)
        ctx.out.result(
          { identity, recipient, profile, key: { ...key, slug: k.slug } },
          () =>
            `# age-plugin-thalassa identity: key ${k.region}/${k.slug || k.identity}, profile "${profile}" (holds no secret)\n# recipient: ${recipient}\n${identity}\n`
        )
      })
    )
}
