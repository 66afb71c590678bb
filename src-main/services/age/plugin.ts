import { AgeRefError, decodeIdentity, decodeRecipient, sameKey, type AgeIdentity, type AgeKeyRef } from './key-ref'
import type { Stanza, StanzaChannel } from './stanza'

/** The recipient stanza this plugin writes: `-> thalassa <region> <key identity>`, body = KMS ciphertext. */
const STANZA_TYPE = 'thalassa'
/** age file keys are 16 bytes. */
const FILE_KEY_BYTES = 16

/** What the state machines need from the KMS; `profile` '' is tkms's default profile. */
export interface AgeKms {
  wrap(key: AgeKeyRef, profile: string, fileKey: Buffer): Promise<Buffer>
  unwrap(key: AgeKeyRef, profile: string, ciphertext: Buffer): Promise<Buffer>
  /** A failure in words for the user: what went wrong and what to do (never a secret). */
  describe(e: unknown): string
}

const text = (s: string) => Buffer.from(s, 'utf8')

function refusal(what: string, e: unknown, kms: AgeKms): string {
  return e instanceof AgeRefError
    ? `${what}: ${e.message}. Print a fresh one with \`tkms age ${what.startsWith('recipient') ? 'recipient' : 'identity'} <key>\`.`
    : `${what}: ${kms.describe(e)}`
}

/**
 * recipient-v1 (C2SP age-plugin): phase 1 collects recipients, identities and file keys; phase 2
 * wraps every file key to every one of them with KMS encrypt. Any failure is reported with an
 * error stanza and then no stanza at all is sent, as the specification requires.
 */
export async function runRecipientV1(ch: StanzaChannel, kms: AgeKms): Promise<void> {
  const recipients: string[] = []
  const identities: string[] = []
  const fileKeys: Buffer[] = []
  for (const s of await ch.phase()) {
    if (s.type === 'add-recipient' && s.args[0]) recipients.push(s.args[0])
    else if (s.type === 'add-identity' && s.args[0]) identities.push(s.args[0])
    else if (s.type === 'wrap-file-key') fileKeys.push(s.body)
  }
  const errors: [string[], string][] = []
  const targets: { key: AgeKeyRef; profile: string; err: string[] }[] = []
  recipients.forEach((r, i) => {
    try {
      targets.push({ key: decodeRecipient(r), profile: '', err: ['recipient', String(i)] })
    } catch (e) {
      errors.push([['recipient', String(i)], refusal(`recipient ${r}`, e, kms)])
    }
  })
  identities.forEach((id, i) => {
    try {
      const d = decodeIdentity(id)
      targets.push({ key: d.key, profile: d.profile, err: ['identity', String(i)] })
    } catch (e) {
      errors.push([['identity', String(i)], refusal('identity', e, kms)])
    }
  })
  const stanzas: { file: number; stanza: Stanza }[] = []
  if (!errors.length) {
    for (const [file, fk] of fileKeys.entries()) {
      if (fk.length !== FILE_KEY_BYTES) {
        errors.push([['internal'], `age sent a file key of ${fk.length} bytes; expected ${FILE_KEY_BYTES}`])
        break
      }
      for (const t of targets) {
        try {
          stanzas.push({
            file,
            stanza: {
              type: STANZA_TYPE,
              args: [t.key.region, t.key.identity],
              body: await kms.wrap(t.key, t.profile, fk)
            }
          })
        } catch (e) {
          errors.push([t.err, `key ${t.key.region}/${t.key.identity}: ${kms.describe(e)}`])
        }
      }
      if (errors.length) break
    }
  }
  for (const [args, message] of errors) await ch.ask('error', args, text(message))
  if (!errors.length)
    for (const { file, stanza } of stanzas)
      await ch.ask('recipient-stanza', [String(file), stanza.type, ...stanza.args], stanza.body)
  ch.send('done')
}

interface FileStanza {
  index: number
  key: AgeKeyRef
  body: Buffer
}

/**
 * identity-v1: phase 1 collects identities and the header stanzas of each file; phase 2 unwraps,
 * for each file, the first `thalassa` stanza for an identity's key with KMS decrypt. Stanzas of
 * other types are ignored; a `thalassa` stanza of the wrong shape is an error for its file.
 */
export async function runIdentityV1(ch: StanzaChannel, kms: AgeKms): Promise<void> {
  const raw: string[] = []
  const files = new Map<number, FileStanza[]>()
  const broken = new Map<number, number>()
  for (const s of await ch.phase()) {
    if (s.type === 'add-identity' && s.args[0]) raw.push(s.args[0])
    if (s.type !== 'recipient-stanza' || s.args.length < 2) continue
    const file = Number(s.args[0])
    if (!Number.isSafeInteger(file) || file < 0) continue
    const list = files.get(file) ?? []
    files.set(file, list)
    const index = list.length
    if (s.args[1] !== STANZA_TYPE) {
      list.push({ index, key: { region: '', identity: '' }, body: Buffer.alloc(0) })
      continue
    }
    const [region, identity] = s.args.slice(2)
    if (s.args.length !== 4 || !region || !identity || !s.body.length) broken.set(file, broken.get(file) ?? index)
    list.push({ index, key: { region: region ?? '', identity: identity ?? '' }, body: s.body })
  }
  const identities: AgeIdentity[] = []
  let bad = false
  for (const [i, id] of raw.entries()) {
    try {
      identities.push(decodeIdentity(id))
    } catch (e) {
      bad = true
      await ch.ask('error', ['identity', String(i)], text(refusal('identity', e, kms)))
    }
  }
  if (!bad) await unwrapAll(ch, kms, identities, files, broken)
  ch.send('done')
}

async function unwrapAll(
  ch: StanzaChannel,
  kms: AgeKms,
  identities: AgeIdentity[],
  files: Map<number, FileStanza[]>,
  broken: Map<number, number>
): Promise<void> {
  const failed = new Set<number>()
  for (const [file, list] of files) {
    const at = broken.get(file)
    if (at !== undefined) {
      await ch.ask(
        'error',
        ['stanza', String(file), String(at)],
        text(
          `the ${STANZA_TYPE} stanza must be "-> ${STANZA_TYPE} <region> <key identity>" with the KMS ciphertext as its body; this file's header is damaged`
        )
      )
      continue
    }
    for (const [i, id] of identities.entries()) {
      if (failed.has(i)) continue
      const s = list.find((x) => x.body.length && sameKey(x.key, id.key))
      if (!s) continue
      let fk: Buffer
      try {
        fk = await kms.unwrap(id.key, id.profile, s.body)
      } catch (e) {
        failed.add(i)
        await ch.ask(
          'error',
          ['identity', String(i)],
          text(`key ${id.key.region}/${id.key.identity}: ${kms.describe(e)}`)
        )
        continue
      }
      if (fk.length !== FILE_KEY_BYTES) {
        await ch.ask(
          'error',
          ['stanza', String(file), String(s.index)],
          text(
            `the KMS returned ${fk.length} bytes for this stanza, not an age file key: the stanza was not made by age-plugin-thalassa`
          )
        )
        break
      }
      await ch.ask('file-key', [String(file)], fk)
      break
    }
  }
}
