import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FileKey } from '@contract/schemas/files'
import type { KmsClient } from '../../../../../src-main/services/kms/client'
import { PathValidator } from '../../../../../src-main/services/files/input-paths'
import { runJob, type JobRequest, type RunnerDeps } from '../../../../../src-main/services/file-jobs/job-runners'
import { kmsSigning } from '../../../../../src-main/services/signing'
import { clientFor, openSandbox, type Sandbox } from '../sandbox-harness'

/** The app's Files verify: .sig.json, raw and JWS found beside the file, each with a report. */
let t: Sandbox
let client: KmsClient
let dir: string
let deps: RunnerDeps
let key: FileKey

beforeAll(async () => {
  t = await openSandbox()
  client = clientFor(t.sb.url)
  dir = await mkdtemp(join(tmpdir(), 'tkms-verify-formats-'))
  deps = {
    wrapper: { wrap: () => Promise.reject(new Error('unused')), unwrap: () => Promise.reject(new Error('unused')) },
    signing: kmsSigning(() => Promise.resolve(client)),
    paths: new PathValidator({ dataDir: join(dir, 'data') })
  }
  const k = await client.createKey('nl-01', { name: 'release', keyType: 'ecdsa-p256' })
  key = { region: 'nl-01', identity: k.identity, slug: k.slug, keyType: 'ecdsa-p256' }
}, 60_000)
afterAll(async () => {
  await client.close()
  await t.stop()
  await rm(dir, { recursive: true, force: true })
})

const req = (o: Partial<JobRequest> & Pick<JobRequest, 'operation'>): JobRequest => ({
  hash: 'sha256',
  overwrite: false,
  storeName: true,
  ...o
})
const run = (r: JobRequest, input: string) =>
  runJob(deps, r, input, input, { signal: new AbortController().signal, onProgress: () => undefined })

describe('Files verify in the app reads every signature format', () => {
  it('signs raw and JWS, and verifies each with the chosen key, reporting signer, version and fingerprint', async () => {
    for (const format of ['raw', 'jws'] as const) {
      const file = join(dir, `doc-${format}.txt`)
      await writeFile(file, `content ${format}`)
      await run(req({ operation: 'sign', key, signatureFormat: format }), file)
      const v = await run(req({ operation: 'verify', key }), file)
      expect(v).toMatchObject({ valid: true, keys: 'release', regions: 'nl-01' })
      expect(v.report).toMatchObject({
        valid: true,
        signer: { slug: 'release', version: '1', state: 'active' },
        hash: 'sha256'
      })
      expect(v.report?.publicKeyFingerprint).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/)
      expect(v.report?.signedAt).toBeUndefined()
    }
  })

  it('refuses a raw signature with no key chosen, and a file with no signature beside it, saying what to do', async () => {
    const file = join(dir, 'doc-raw.txt')
    await expect(run(req({ operation: 'verify' }), file)).rejects.toMatchObject({
      appError: { code: 'bad_input', message: expect.stringContaining('does not name the key') as unknown }
    })
    const lone = join(dir, 'lone.txt')
    await writeFile(lone, 'unsigned')
    await expect(run(req({ operation: 'verify', key }), lone)).rejects.toMatchObject({
      appError: { message: expect.stringContaining('No signature found for lone.txt') as unknown }
    })
  })

  it('refuses a JWS checked against another key: its kid names a different key', async () => {
    const other = await client.createKey('nl-01', { name: 'other', keyType: 'ecdsa-p256' })
    const v = await run(
      req({ operation: 'verify', key: { ...key, identity: other.identity, slug: other.slug } }),
      join(dir, 'doc-jws.txt')
    )
    expect(v.valid).toBe(false)
    expect(v.reason).toContain('The JWS was signed by another key')
  })
})
