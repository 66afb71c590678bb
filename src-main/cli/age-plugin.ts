import './wasm-baseline'
import type { AgeKms } from '../services/age/plugin'
import { runIdentityV1, runRecipientV1 } from '../services/age/plugin'
import { StanzaChannel, StanzaReader } from '../services/age/stanza'
import { CliContext, CLI_VERSION } from './context'
import { appErrorOf } from './errors'
import { processIo } from './io'
import { escapeText } from './output'

/**
 * `age-plugin-thalassa`: the age plugin (C2SP age-plugin, recipient-v1 and identity-v1) that wraps
 * age file keys with Thalassa KMS encrypt and unwraps them with decrypt. age starts it from PATH;
 * stdin/stdout carry the protocol only. Identities name a profile (or `env`); recipients use
 * TKMS_PROFILE when set, else the profile tkms would use. See docs/interop.md.
 */
const USAGE = `age-plugin-thalassa ${CLI_VERSION}: Thalassa KMS keys for age and sops.
age runs it (from PATH) with --age-plugin=recipient-v1 or identity-v1; you do not run it yourself.
Print a recipient with \`tkms age recipient <key>\`, an identity with \`tkms age identity <key>\`.
`

function kmsPort(env: NodeJS.ProcessEnv): { kms: AgeKms; close: () => Promise<void> } {
  const contexts = new Map<string, CliContext>()
  const ctx = (profile: string): CliContext => {
    const name = profile || env['TKMS_PROFILE'] || ''
    let c = contexts.get(name)
    if (!c) {
      c = new CliContext({ output: 'json', quiet: true, ...(name ? { profile: name } : {}) }, { ...processIo(), env })
      contexts.set(name, c)
    }
    return c
  }
  const kms: AgeKms = {
    wrap: async (key, profile, fileKey) => {
      const r = await (
        await ctx(profile).client()
      ).encrypt(key.region, key.identity, { plaintext: fileKey.toString('base64') })
      return Buffer.from(r.ciphertext, 'utf8')
    },
    unwrap: async (key, profile, ciphertext) => {
      const r = await (
        await ctx(profile).client()
      ).decrypt(key.region, key.identity, { ciphertext: ciphertext.toString('utf8') })
      return Buffer.from(r.plaintext, 'base64')
    },
    describe: (e) => {
      const a = appErrorOf(e)
      return escapeText(`${a.message}${a.hint ? `. ${a.hint}` : ''} [${a.code}]`, false)
    }
  }
  return { kms, close: async () => void (await Promise.allSettled([...contexts.values()].map((c) => c.close()))) }
}

async function pluginMain(argv: string[]): Promise<number> {
  const flag = argv.find((a) => a.startsWith('--age-plugin='))
  if (argv.includes('--version')) {
    process.stdout.write(`${CLI_VERSION}\n`)
    return 0
  }
  if (!flag) {
    process.stderr.write(USAGE)
    return argv.includes('--help') || argv.includes('-h') ? 0 : 1
  }
  const machine = flag.slice('--age-plugin='.length)
  if (machine !== 'recipient-v1' && machine !== 'identity-v1') {
    process.stderr.write(
      `age-plugin-thalassa: unknown state machine "${escapeText(machine, false)}" (this version speaks recipient-v1 and identity-v1); update age-plugin-thalassa or age.\n`
    )
    return 1
  }
  // age may close its end early (after an error stanza): a late write must not crash the plugin.
  process.stdout.on('error', () => undefined)
  const reader = new StanzaReader(process.stdin)
  const { kms, close } = kmsPort(process.env)
  try {
    await (machine === 'recipient-v1' ? runRecipientV1 : runIdentityV1)(new StanzaChannel(reader, process.stdout), kms)
    return 0
  } catch (e) {
    process.stderr.write(
      `age-plugin-thalassa: ${e instanceof Error ? escapeText(e.message, false) : 'protocol failure'}\n`
    )
    return 1
  } finally {
    reader.close()
    await close()
  }
}

pluginMain(process.argv.slice(2)).then(
  (code) => process.exit(code),
  () => process.exit(1)
)
