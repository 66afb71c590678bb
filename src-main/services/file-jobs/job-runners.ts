import { randomBytes } from 'node:crypto'
import { mkdir, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { FileKey, FileOperation, FileRecipient, FileHashName, SignatureFormat } from '@contract/schemas/files'
import type { VerificationReport } from '@contract/schemas/verification'
import { AppFailure } from '../kms/errors'
import { fileReport, type KeyLookup } from '../signing/verify-report'
import {
  detectSignature,
  FORMAT_EXTENSION,
  hmacFile,
  HMAC_EXTENSION,
  signFile,
  signFileStandard,
  SIGNATURE_EXTENSION,
  verifyFileOffline,
  verifyFileOnline,
  verifyHmacFile,
  verifyStandardFile,
  type SigningKms
} from '../signing'
import {
  decryptFile,
  ENCRYPTED_EXTENSION,
  encryptFile,
  reencryptFile,
  type DataKeyWrapper,
  type FileProgress,
  type WorkerPool
} from '../files'
import type { DataKeySource } from '../files/batch-keys'
import { FileError } from '../shared/file-errors'
import { readRegularFile, withPinnedInputs, type PinnedInput } from '../files/input-file'
import { safeRelative, type PathValidator } from '../files/input-paths'
import type { FileIdentity } from '../files/path-handles'

/** Options shared by every file of one request, already parsed by the contract. */
export interface JobRequest {
  operation: FileOperation
  recipients?: FileRecipient[]
  key?: FileKey
  hash: FileHashName
  rsaPadding?: 'pss' | 'pkcs1v15'
  /** Sign: `sig-json` (default), `raw` or `jws` (docs/interop.md). */
  signatureFormat?: SignatureFormat
  /** The public key text for offline verification (read by main from the picked file). */
  publicKey?: string
  outputDir?: string
  overwrite: boolean
  storeName: boolean
  /** The app's inputs as validated (by path): a job only ever reads these very files. */
  pins?: ReadonlyMap<string, PinnedInput>
  /** The output folder as validated: it must still be that folder when a job writes into it. */
  outputDirIdentity?: FileIdentity
}

export interface RunnerDeps {
  wrapper: DataKeyWrapper
  signing: SigningKms
  paths: PathValidator
  pool?: WorkerPool
}

export interface RunContext {
  signal: AbortSignal
  onProgress: (p: FileProgress) => void
  /** Encrypt: the batch's data keys (one key serves many files; each file keeps its own salt). */
  keys?: DataKeySource
}

export interface JobOutcome {
  output?: string
  valid?: boolean
  reason?: string
  /** Verify: how the signature was checked (which public key version, which scheme). */
  detail?: string
  openedWith?: string
  /** Encrypt and re-encrypt: the keys (region/slug) that open the output. */
  recipients?: string[]
  /** Verify: the verification report (signer, time, hash, key state, fingerprint). */
  report?: VerificationReport
  /** For the activity log: the key(s) used, by slug or identity, and their regions. */
  keys?: string
  regions?: string
}

const label = (k: { slug: string; identity: string }) => k.slug || k.identity
const openers = (rs: readonly FileRecipient[]) => rs.map((k) => `${k.region}/${label(k)}`)
/** The KMS reads a verification report needs, when the signing port can make them. */
const lookupOf = (s: SigningKms): KeyLookup | undefined => {
  const info = s.keyInfo?.bind(s)
  return info ? { keyInfo: info, publicKeys: s.publicKeys.bind(s) } : undefined
}
const keysOf = (rs: readonly FileRecipient[]) => ({
  keys: rs.map(label).join(', '),
  regions: [...new Set(rs.map((r) => r.region))].join(', ')
})

function badRequest(message: string, hint?: string): AppFailure {
  return new AppFailure({ code: 'bad_input', message, ...(hint ? { hint } : {}) })
}

/** Checks what the operation needs before any job is queued, so a bad request fails as a whole. */
export function assertRequest(r: JobRequest): void {
  if (r.operation === 'encrypt' && !r.recipients?.length)
    throw badRequest('Choose at least one recipient key to encrypt to', 'Pick one or more symmetric or RSA keys.')
  if ((r.operation === 'sign' || r.operation === 'hmac') && !r.key)
    throw badRequest(`Choose the key to ${r.operation === 'sign' ? 'sign' : 'compute the HMAC'} with`)
}

/** Output folders already made for a request (all files of one batch share the request object). */
const madeDirs = new WeakMap<JobRequest, Set<string>>()

/** Where an output goes: beside the input, or under the output folder keeping the dropped structure. */
async function placed(r: JobRequest, input: string, relative: string, suffix: string): Promise<string> {
  if (!r.outputDir) return `${input}${suffix}`
  const target = join(r.outputDir, ...safeRelative(relative, input).split('/')) + suffix
  // Each folder once per request, not once per file (a batch of 10,000 files into one folder).
  let made = madeDirs.get(r)
  if (!made) madeDirs.set(r, (made = new Set()))
  if (!made.has(dirname(target))) {
    await mkdir(dirname(target), { recursive: true })
    made.add(dirname(target))
  }
  return target
}

/** A verify job can be started from the data file or from its detached file; returns both. */
async function pair(d: RunnerDeps, input: string, ext: string): Promise<{ file: string; detached: string }> {
  if (input.toLowerCase().endsWith(ext)) {
    const file = (await d.paths.file(input.slice(0, -ext.length))).path
    return { file, detached: input }
  }
  return { file: input, detached: (await d.paths.file(`${input}${ext}`)).path }
}

/** A verify job starts from the data file or from its signature (.sig.json, .jws or .sig, in that order). */
async function signaturePair(d: RunnerDeps, input: string): Promise<{ file: string; detached: string }> {
  const suffixes = (['sig-json', 'jws', 'raw'] as const).map((f) => FORMAT_EXTENSION[f])
  const own = suffixes.find((x) => input.toLowerCase().endsWith(x))
  if (own) return pair(d, input, own)
  for (const x of suffixes) {
    const found = await d.paths.file(`${input}${x}`).then(
      (f) => f.path,
      () => undefined
    )
    if (found) return { file: input, detached: found }
  }
  throw new FileError(
    'bad_input',
    `No signature found for ${basename(input)}: looked for ${suffixes.map((x) => basename(input) + x).join(', ')} beside it`,
    { hint: 'Put the signature beside the file under one of those names, or add the signature file itself.' }
  )
}

/**
 * Runs one file of a request; every path it touches was validated by the caller. Pinned inputs and
 * the output folder are checked again right before use, and reads go to the validated files only.
 */
export async function runJob(
  d: RunnerDeps,
  r: JobRequest,
  input: string,
  relative: string,
  c: RunContext
): Promise<JobOutcome> {
  const pin = r.pins?.get(input)
  if (pin) await d.paths.recheck(input, pin.identity)
  if (r.outputDir && r.outputDirIdentity) await d.paths.recheck(r.outputDir, r.outputDirIdentity, 'folder')
  return r.pins
    ? withPinnedInputs(r.pins, () => runPinned(d, r, input, relative, c))
    : runPinned(d, r, input, relative, c)
}

async function runPinned(
  d: RunnerDeps,
  r: JobRequest,
  input: string,
  relative: string,
  c: RunContext
): Promise<JobOutcome> {
  const common = { onProgress: c.onProgress, signal: c.signal }
  switch (r.operation) {
    case 'encrypt': {
      const recipients = r.recipients ?? []
      const output = await placed(r, input, relative, ENCRYPTED_EXTENSION)
      await encryptFile({
        input,
        output,
        recipients,
        wrapper: d.wrapper,
        overwrite: r.overwrite,
        storeName: r.storeName,
        pool: d.pool,
        ...common,
        ...(c.keys ? { keys: c.keys } : {})
      })
      return { output, recipients: openers(recipients), ...keysOf(recipients) }
    }
    case 'decrypt': {
      const outputDir = r.outputDir ? dirname(await placed(r, input, relative, '')) : undefined
      const res = await decryptFile({
        input,
        ...(outputDir ? { outputDir } : {}),
        wrapper: d.wrapper,
        overwrite: r.overwrite,
        pool: d.pool,
        ...common
      })
      const by = `${res.recipient.region}/${label(res.recipient)}`
      return { output: res.output, openedWith: by, keys: label(res.recipient), regions: res.recipient.region }
    }
    case 'reencrypt':
      return reencrypt(d, r, input, relative, c)
    case 'sign': {
      const key = r.key as FileKey
      const format = r.signatureFormat ?? 'sig-json'
      if (format !== 'sig-json') {
        const output = await placed(r, input, relative, FORMAT_EXTENSION[format])
        // A JWS with an ECDSA key uses the curve's hash (ES256/384/512), whatever the hash choice says.
        await signFileStandard({
          file: input,
          kms: d.signing,
          key,
          format,
          ...(format === 'jws' && key.keyType.startsWith('ecdsa') ? {} : { hash: r.hash }),
          output,
          overwrite: r.overwrite,
          ...common
        })
        return { output, keys: label(key), regions: key.region }
      }
      const output = await placed(r, input, relative, SIGNATURE_EXTENSION)
      await signFile({
        file: input,
        kms: d.signing,
        key,
        hash: r.hash,
        output,
        overwrite: r.overwrite,
        ...(r.rsaPadding ? { rsaPadding: r.rsaPadding } : {}),
        ...common
      })
      return { output, keys: label(key), regions: key.region }
    }
    case 'hmac': {
      const key = r.key as FileKey
      const output = await placed(r, input, relative, HMAC_EXTENSION)
      await hmacFile({ file: input, kms: d.signing, key, hash: r.hash, output, overwrite: r.overwrite, ...common })
      return { output, keys: label(key), regions: key.region }
    }
    case 'verify': {
      const { file, detached } = await signaturePair(d, input)
      const sig = await detectSignature(detached)
      if (sig.format !== 'sig-json') {
        const lookup = lookupOf(d.signing)
        const v = await verifyStandardFile({
          file,
          signature: sig,
          kms: d.signing,
          hash: r.hash,
          ...(r.key ? { key: r.key } : {}),
          ...(r.publicKey !== undefined ? { publicKey: r.publicKey } : {}),
          ...(lookup ? { lookup } : {}),
          ...common
        })
        return {
          valid: v.result.valid,
          ...(v.result.reason ? { reason: v.result.reason } : {}),
          ...(v.result.detail ? { detail: v.result.detail } : {}),
          report: v.report,
          ...(r.key ? { keys: label(r.key), regions: r.key.region } : {})
        }
      }
      const offline = r.publicKey !== undefined
      const v = offline
        ? await verifyFileOffline(file, detached, r.publicKey as string, common)
        : await verifyFileOnline({ file, sigFile: detached, kms: d.signing, ...common })
      const report = await fileReport(
        v.signature,
        { ...v, ...(offline ? { publicKey: r.publicKey } : {}) },
        offline ? undefined : lookupOf(d.signing),
        c.signal
      )
      return {
        valid: v.valid,
        ...(v.reason ? { reason: v.reason } : {}),
        ...(v.detail ? { detail: v.detail } : {}),
        report,
        keys: label(v.signature.key),
        regions: v.signature.key.region
      }
    }
    case 'verify-hmac': {
      const { file, detached } = await pair(d, input, HMAC_EXTENSION)
      const v = await verifyHmacFile({ file, macFile: detached, kms: d.signing, ...common })
      const report = await fileReport(
        v.hmac,
        { ...v, detail: 'checked by the KMS verify-HMAC endpoint' },
        lookupOf(d.signing),
        c.signal
      )
      return {
        valid: v.valid,
        ...(v.reason ? { reason: v.reason } : {}),
        report,
        keys: label(v.hmac.key),
        regions: v.hmac.key.region
      }
    }
  }
}

/**
 * Re-encryption never writes plaintext: the engine re-seals chunk by chunk in memory. With an output
 * folder the result keeps its name there; otherwise it replaces the original when the user allowed
 * overwriting (atomically: a new file beside it, then a rename), or lands beside it as `*.reencrypted.tkms`.
 */
async function reencrypt(
  d: RunnerDeps,
  r: JobRequest,
  input: string,
  relative: string,
  c: RunContext
): Promise<JobOutcome> {
  const base = {
    input,
    wrapper: d.wrapper,
    pool: d.pool,
    onProgress: c.onProgress,
    signal: c.signal,
    ...(r.recipients?.length ? { recipients: r.recipients } : {})
  }
  const named = input.toLowerCase().endsWith(ENCRYPTED_EXTENSION) ? '' : ENCRYPTED_EXTENSION
  const keys = r.recipients?.length ? keysOf(r.recipients) : { keys: 'same recipients, latest versions' }
  const opens = r.recipients?.length ? { recipients: openers(r.recipients) } : {}
  if (r.outputDir) {
    const output = await placed(r, input, relative, named)
    await reencryptFile({ ...base, output, overwrite: r.overwrite })
    return { output, ...opens, ...keys }
  }
  if (!r.overwrite) {
    const stem = named ? basename(input) : basename(input).slice(0, -ENCRYPTED_EXTENSION.length)
    const output = join(dirname(input), `${stem}.reencrypted${ENCRYPTED_EXTENSION}`)
    await reencryptFile({ ...base, output, overwrite: false })
    return { output, ...opens, ...keys }
  }
  const staged = join(dirname(input), `.${basename(input)}.reencrypt-${randomBytes(6).toString('hex')}`)
  await reencryptFile({ ...base, output: staged, overwrite: false })
  try {
    if (c.signal.aborted)
      throw new AppFailure({ code: 'cancelled', message: 'The operation was cancelled; nothing was written.' })
    await rename(staged, input)
  } catch (e) {
    await unlink(staged).catch(() => undefined)
    throw e
  }
  return { output: input, ...opens, ...keys }
}

/** Reads the exported public key the user picked for offline verification (small text files only), as validated. */
export async function readPublicKey(
  d: RunnerDeps,
  held: { path: string; real: string; identity: FileIdentity }
): Promise<string> {
  await d.paths.recheck(held.path, held.identity)
  const pins = new Map([[held.path, { real: held.real, identity: held.identity }]])
  const read = withPinnedInputs(pins, () => readRegularFile(held.path, 64 * 1024))
  return (
    await read.catch((e: unknown) => {
      throw e instanceof FileError && e.message.includes('more than')
        ? badRequest(
            `${held.path} is too large to be a public key`,
            'Choose the exported public key (.pem or the base64 Ed25519 key).'
          )
        : e
    })
  ).toString('utf8')
}
