import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'
import { chmod, mkdir, open, readFile, rename, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../common/atomic-file'
import { emptyState, SandboxStateSchema, type SandboxState } from './state-schema'

const MASTER_KEY_FILE = 'master.key'
const STATE_FILE = 'state.json'

/** The data folder is private (0700) and its files 0600, whatever the umask or an earlier run left. */
async function makePrivate(path: string, mode: number): Promise<void> {
  if (((await stat(path)).mode & 0o777) !== mode) await chmod(path, mode)
}

/** Creates the master key with mode 0600 on first start; refuses a key file of the wrong size. */
async function loadMasterKey(dataDir: string): Promise<Buffer> {
  const path = join(dataDir, MASTER_KEY_FILE)
  try {
    const fh = await open(path, 'wx', 0o600)
    const key = randomBytes(32)
    try {
      await fh.chmod(0o600)
      await fh.writeFile(key)
      await fh.sync()
    } finally {
      await fh.close()
    }
    return key
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
  }
  await makePrivate(path, 0o600)
  const key = await readFile(path)
  if (key.length !== 32) {
    throw new Error(
      `sandbox master key ${path} must be exactly 32 bytes (found ${key.length}); restore it from backup or remove the whole data folder to start afresh`
    )
  }
  return key
}

/** Persistent sandbox state: one zod-validated JSON file, key material sealed under the master key. */
export class SandboxStore {
  private pending: Promise<void> = Promise.resolve()
  private readonly cache = new Map<string, Buffer>()

  private constructor(
    readonly statePath: string,
    private readonly masterKey: Buffer,
    readonly state: SandboxState
  ) {}

  static async open(dataDir: string, timestamp: () => Date): Promise<SandboxStore> {
    await mkdir(dataDir, { recursive: true, mode: 0o700 })
    await makePrivate(dataDir, 0o700)
    const masterKey = await loadMasterKey(dataDir)
    const statePath = join(dataDir, STATE_FILE)
    let text: string
    try {
      text = await readFile(statePath, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
      const store = new SandboxStore(statePath, masterKey, emptyState())
      await store.save()
      return store
    }
    const parsed = parseState(text)
    const store = parsed.state ? new SandboxStore(statePath, masterKey, parsed.state) : undefined
    const reason = store ? store.checkSeals() : parsed.reason
    if (reason !== undefined || !store) {
      const aside = `${statePath}.corrupt-${timestamp().toISOString().replace(/[:.]/g, '-')}`
      await rename(statePath, aside)
      throw new Error(
        `sandbox state file ${statePath} is corrupt (${reason ?? 'unreadable'}); it was moved aside to ${aside}. The next start begins with an empty sandbox; restore the file from backup to keep the old keys.`
      )
    }
    await makePrivate(statePath, 0o600)
    return store
  }

  /** Seal material for a key version (or wrapping key); `label` binds the ciphertext to its owner. */
  seal(label: string, material: Buffer): string {
    const nonce = randomBytes(12)
    const c = createCipheriv('aes-256-gcm', this.masterKey, nonce)
    c.setAAD(Buffer.from(label))
    const ct = Buffer.concat([c.update(material), c.final()])
    this.cache.set(label, material)
    return Buffer.concat([nonce, ct, c.getAuthTag()]).toString('base64')
  }

  unseal(label: string, sealed: string): Buffer {
    const hit = this.cache.get(label)
    if (hit) return hit
    const raw = Buffer.from(sealed, 'base64')
    const d = createDecipheriv('aes-256-gcm', this.masterKey, raw.subarray(0, 12))
    d.setAAD(Buffer.from(label))
    d.setAuthTag(raw.subarray(raw.length - 16))
    const material = Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()])
    this.cache.set(label, material)
    return material
  }

  /** A purpose-bound secret derived from the master key (signs access tokens, so they survive restarts). */
  deriveSecret(purpose: string): Buffer {
    return createHmac('sha256', this.masterKey).update(purpose).digest()
  }

  forget(labelPrefix: string): void {
    for (const k of this.cache.keys()) if (k.startsWith(labelPrefix)) this.cache.delete(k)
  }

  /** Serialised so two mutations never interleave their writes; resolves once this state is on disk. */
  save(): Promise<void> {
    const next = this.pending.then(() => writeFileAtomic(this.statePath, JSON.stringify(this.state, null, 2)))
    this.pending = next.catch(() => undefined)
    return next
  }

  flush(): Promise<void> {
    return this.pending
  }

  private checkSeals(): string | undefined {
    try {
      for (const k of this.state.keys)
        for (const v of k.versions) this.unseal(materialLabel(k.identity, v.version), v.sealed)
      for (const w of this.state.wrappingKeys) this.unseal(wrappingLabel(w.region), w.sealedPrivateKey)
      return undefined
    } catch {
      return `key material does not decrypt under ${MASTER_KEY_FILE}: the master key was replaced or the file was edited`
    }
  }
}

function parseState(text: string): { state?: SandboxState; reason?: string } {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return { reason: `not valid JSON: ${(e as Error).message}` }
  }
  const r = SandboxStateSchema.safeParse(json)
  if (!r.success)
    return {
      reason:
        `does not match the state schema: ${r.error.issues[0]?.path.join('.') ?? ''} ${r.error.issues[0]?.message ?? ''}`.trim()
    }
  return { state: r.data }
}

export const materialLabel = (identity: string, version: number): string => `${identity}:v${version}`
export const wrappingLabel = (region: string): string => `wrapping:${region}`
