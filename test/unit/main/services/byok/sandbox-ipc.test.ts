/**
 * The BYOK wizard through the real IPC dispatcher and handler table, on a real core and sandbox:
 * the offline steps make no KMS call, material and wrapped blobs never come back over IPC, slots
 * expire and are zeroed, and every step lands in the activity log.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ChannelName, ChannelRequest, ChannelResponse } from '@contract/channels'
import type { Result } from '@contract/result'
import { createDispatcher } from '../../../../../src-main/ipc/dispatch'
import { createHandlers } from '../../../../../src-main/ipc/register'
import { fetchWrappingKey, saveWrappingKeyFile, spkiFingerprint } from '../../../../../src-main/services/byok'
import { ByokWizard, type ByokHost } from '../../../../../src-main/services/byok/wizard'
import { openSandboxCore, type SandboxCore } from './sandbox-helpers'
import { presetTestWrappingKey } from '../../../../support/wrapping-key'

let t: SandboxCore
let dispatch: ReturnType<typeof createDispatcher>
/** Every response body seen, to prove no material ever crossed. */
const seen: string[] = []
let wkPath: string

beforeAll(async () => {
  t = await openSandboxCore()
  await presetTestWrappingKey(t.core.sandbox)
  dispatch = createDispatcher(createHandlers(t.core), { isTrustedOrigin: () => true })
  wkPath = join(t.dir, 'nl-01.wrapping-key.json')
  const client = await t.core.workspace.client()
  await saveWrappingKeyFile(
    wkPath,
    (await fetchWrappingKey(client, 'nl-01', { endpoint: t.core.sandbox.url, organisation: 'sandbox' })).file
  )
}, 120_000)
afterAll(async () => {
  await t.close()
})
afterEach(() => {
  t.core.sandbox.setFaults({ errorRate: 0 })
  vi.restoreAllMocks()
})

async function raw<K extends ChannelName>(
  channel: K,
  payload?: ChannelRequest<K>
): Promise<Result<ChannelResponse<K>>> {
  const r = (await dispatch(channel, { frameUrl: 'app://kms/index.html', isMainFrame: true }, payload, {
    emit: () => undefined
  })) as Result<ChannelResponse<K>>
  seen.push(JSON.stringify(r))
  return r
}
async function ok<K extends ChannelName>(channel: K, payload?: ChannelRequest<K>): Promise<ChannelResponse<K>> {
  const r = await raw(channel, payload)
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`)
  return r.value
}
async function fails<K extends ChannelName>(
  channel: K,
  payload: ChannelRequest<K> | undefined,
  code: string,
  message: RegExp
): Promise<void> {
  const r = await raw(channel, payload)
  expect(r.ok).toBe(false)
  if (!r.ok) {
    expect(r.error.code).toBe(code)
    expect(r.error.message).toMatch(message)
  }
}
const keyCount = async () => (await (await t.core.workspace.client()).listKeys('nl-01')).length
const settings = (name: string) => ({
  name,
  description: 'from the wizard',
  labels: { owner: 'sec' },
  allowRotation: false,
  hashFunction: 'sha256' as const
})

describe('offline wizard, then online import', () => {
  it('prepares a bundle with no KMS call at all, then imports it with matching fingerprints', async () => {
    const clientSpy = vi.spyOn(t.core.workspace, 'client')
    t.core.sandbox.setFaults({ errorRate: 1 }) // any KMS call during the offline steps would fail

    t.dialogs.open.push([wkPath])
    const wk = await ok('byok:load-wrapping-key')
    if (wk.cancelled) throw new Error('cancelled')
    const wkFile = JSON.parse(await readFile(wkPath, 'utf8')) as { fingerprint: string }
    expect(wk.wrappingKey).toMatchObject({
      source: 'file',
      region: 'nl-01',
      rsaBits: 4096,
      fingerprint: wkFile.fingerprint,
      fileName: 'nl-01.wrapping-key.json'
    })

    const m = await ok('byok:generate-material', { keyType: 'ecdsa-p384' })
    expect(m).toMatchObject({ keyType: 'ecdsa-p384', source: 'generated' })
    expect(m.publicKeyFingerprint).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/)

    const backupPath = join(t.dir, 'p384-backup.pem')
    t.dialogs.save.push(backupPath)
    const backup = await ok('byok:save-backup', { materialId: m.id })
    expect(backup).toMatchObject({ cancelled: false, path: backupPath })
    expect((await stat(backupPath)).mode & 0o777).toBe(0o600)
    const backupPem = await readFile(backupPath, 'utf8')
    expect(spkiFingerprint(createPrivateKey(backupPem))).toBe(m.publicKeyFingerprint)

    const bundlePath = join(t.dir, 'wizard.byok.json')
    t.dialogs.save.push(bundlePath)
    const written = await ok('byok:write-bundle', {
      wrappingKeyId: wk.wrappingKey.id,
      materialId: m.id,
      settings: settings('wizard-p384')
    })
    if (written.cancelled) throw new Error('cancelled')
    expect(written.bundle).toMatchObject({
      region: 'nl-01',
      keyType: 'ecdsa-p384',
      publicKeyFingerprint: m.publicKeyFingerprint,
      wrappingKeyFingerprint: wkFile.fingerprint
    })
    expect((await stat(bundlePath)).mode & 0o777).toBe(0o600)
    // The material was wrapped and erased: its slot is gone.
    expect(await ok('byok:discard-material', { materialId: m.id })).toEqual({ discarded: false })
    expect(clientSpy).not.toHaveBeenCalled()

    t.core.sandbox.setFaults({ errorRate: 0 })
    const before = await keyCount()
    t.dialogs.open.push([bundlePath])
    const loaded = await ok('byok:load-bundle')
    if (loaded.cancelled) throw new Error('cancelled')
    expect(loaded.bundle).toEqual(written.bundle)
    const report = await ok('byok:import-bundle', { bundleId: loaded.id })
    expect(report).toMatchObject({ ok: true, imported: true, region: 'nl-01', keyType: 'ecdsa-p384', warnings: [] })
    expect(report.key.imported).toBe(true)
    expect(report.publicKeyCheck).toMatchObject({
      match: true,
      localFingerprint: m.publicKeyFingerprint,
      remoteFingerprint: m.publicKeyFingerprint
    })
    expect(await keyCount()).toBe(before + 1)

    // Nothing secret ever came back: not the material (in any encoding), not the wrapped blob.
    const bundle = JSON.parse(await readFile(bundlePath, 'utf8')) as { importKeyMaterial: string }
    const der = createPrivateKey(backupPem).export({ format: 'der', type: 'pkcs8' })
    const all = seen.join('\n')
    for (const secret of [
      bundle.importKeyMaterial,
      bundle.importKeyMaterial.slice(0, 40),
      der.toString('base64').slice(0, 40),
      der.toString('hex').slice(0, 40),
      backupPem.split('\n')[1] ?? 'x'
    ]) {
      expect(all).not.toContain(secret)
    }

    const { entries } = await t.core.activity.list()
    const ops = entries.map((e) => `${e.operation}:${e.outcome}`)
    for (const op of [
      'byok:load-wrapping-key',
      'byok:generate-material',
      'byok:save-backup',
      'byok:write-bundle',
      'byok:load-bundle',
      'byok:import-bundle'
    ])
      expect(ops).toContain(`${op}:ok`)
    expect(JSON.stringify(entries)).not.toContain(bundle.importKeyMaterial.slice(0, 40))
  }, 60_000)
})

describe('one-step online wizard', () => {
  it('fetches (and saves) the wrapping key, then wraps and imports in one go', async () => {
    const wk = await ok('byok:fetch-wrapping-key', { region: 'nl-01' })
    expect(wk).toMatchObject({ source: 'kms', region: 'nl-01', rsaBits: 4096 })
    const saved = join(t.dir, 'fetched.wrapping-key.json')
    t.dialogs.save.push(saved)
    expect(await ok('byok:save-wrapping-key', { wrappingKeyId: wk.id })).toEqual({ cancelled: false, path: saved })
    expect(JSON.parse(await readFile(saved, 'utf8'))).toMatchObject({
      format: 'thalassa-kms-wrapping-key',
      fingerprint: wk.fingerprint,
      endpoint: t.core.sandbox.url,
      organisation: 'sandbox'
    })

    const m = await ok('byok:generate-material', { keyType: 'aes256-gcm96' })
    expect(m.sizeBytes).toBe(32)
    expect(m.publicKeyFingerprint).toBeUndefined()
    const report = await ok('byok:import-now', {
      materialId: m.id,
      wrappingKeyId: wk.id,
      settings: settings('wizard-now')
    })
    expect(report).toMatchObject({
      ok: true,
      imported: true,
      keyType: 'aes256-gcm96',
      wrappingKeyFingerprint: wk.fingerprint
    })
    expect(await ok('byok:discard-material', { materialId: m.id })).toEqual({ discarded: false })
    const { entries } = await t.core.activity.list({ operation: 'byok:import-now' })
    expect(entries[0]).toMatchObject({ outcome: 'ok', region: 'nl-01', key: 'wizard-now', profile: 'Local sandbox' })
  }, 60_000)

  it('refuses when the wrapping key shown is not the region current one, keeping the material', async () => {
    const stalePath = join(t.dir, 'stale.wrapping-key.json')
    const { generateKeyPairSync } = await import('node:crypto')
    const other = createPublicKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey)
    const base = JSON.parse(await readFile(wkPath, 'utf8')) as Record<string, unknown>
    await writeFile(
      stalePath,
      JSON.stringify({
        ...base,
        publicKey: other.export({ format: 'pem', type: 'spki' }),
        fingerprint: spkiFingerprint(other),
        rsaBits: 2048
      })
    )
    t.dialogs.open.push([stalePath])
    const wk = await ok('byok:load-wrapping-key')
    if (wk.cancelled) throw new Error('cancelled')
    const m = await ok('byok:generate-material', { keyType: 'ed25519' })
    const before = await keyCount()
    await fails(
      'byok:import-now',
      { materialId: m.id, wrappingKeyId: wk.wrappingKey.id, settings: settings('never') },
      'bad_input',
      /changed since it was shown/
    )
    expect(await keyCount()).toBe(before)
    const { entries } = await t.core.activity.list({ operation: 'byok:import-now', outcome: 'error' })
    expect(entries[0]?.errorCode).toBe('bad_input')
    expect(await ok('byok:discard-material', { materialId: m.id })).toEqual({ discarded: true })
  })
})

describe('guards', () => {
  it('HMAC is refused before any dialog opens', async () => {
    await fails('byok:generate-material', { keyType: 'hmac-sha256' }, 'bad_input', /does not import HMAC keys/)
    t.dialogs.open.push([wkPath])
    await fails('byok:load-material', { keyType: 'hmac' }, 'bad_input', /does not import HMAC keys/)
    expect(t.dialogs.open.splice(0)).toEqual([[wkPath]]) // the queued answer was not consumed
    const opts = await ok('byok:options')
    expect(opts.keyTypes.filter((k) => !k.importable).map((k) => k.keyType)).toEqual([
      'hmac',
      'hmac-sha256',
      'hmac-sha512'
    ])
    expect(opts.defaultHashFunction).toBe('sha256')
  })

  it('a cancelled or refused save keeps the material; an unknown slot is a clear error', async () => {
    const m = await ok('byok:generate-material', { keyType: 'aes128-gcm96' })
    t.dialogs.open.push([wkPath])
    const wk = await ok('byok:load-wrapping-key')
    if (wk.cancelled) throw new Error('cancelled')
    expect(
      await ok('byok:write-bundle', {
        wrappingKeyId: wk.wrappingKey.id,
        materialId: m.id,
        settings: settings('cancelled')
      })
    ).toEqual({ cancelled: true })
    t.dialogs.save.push(wkPath) // an existing file
    await fails(
      'byok:write-bundle',
      { wrappingKeyId: wk.wrappingKey.id, materialId: m.id, settings: settings('exists') },
      'exists',
      /already exists/
    )
    await fails(
      'byok:save-backup',
      { materialId: '00000000-0000-4000-8000-000000000000' },
      'bad_input',
      /no longer held/
    )
    await fails(
      'byok:write-bundle',
      { wrappingKeyId: wk.wrappingKey.id, materialId: m.id, settings: { ...settings(''), name: '' } },
      'ipc_invalid_request',
      /name/
    )
    expect(await ok('byok:discard-material', { materialId: m.id })).toEqual({ discarded: true })
  })

  it('loads material from a file (encrypted PEM with its passphrase) and never logs the passphrase', async () => {
    const { generateKeyPairSync } = await import('node:crypto')
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
    const file = join(t.dir, 'rsa.enc.pem')
    await writeFile(
      file,
      key.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'correct horse' })
    )
    t.dialogs.open.push([file])
    await fails('byok:load-material', { keyType: 'rsa-2048', passphrase: 'wrong horse' }, 'bad_input', /passphrase/)
    t.dialogs.open.push([file])
    const r = await ok('byok:load-material', { keyType: 'rsa-2048', passphrase: 'correct horse' })
    if (r.cancelled) throw new Error('cancelled')
    expect(r.material).toMatchObject({
      keyType: 'rsa-2048',
      source: 'file',
      fileName: 'rsa.enc.pem',
      publicKeyFingerprint: spkiFingerprint(key)
    })
    t.dialogs.open.push([file])
    await fails('byok:load-material', { keyType: 'rsa-3072', passphrase: 'correct horse' }, 'bad_input', /RSA-2048/)
    expect(await ok('byok:load-material', { keyType: 'rsa-2048' })).toEqual({ cancelled: true }) // no file chosen
    expect(JSON.stringify((await t.core.activity.list()).entries)).not.toContain('horse')
    expect(await ok('byok:discard-material', { materialId: r.material.id })).toEqual({ discarded: true })
  })

  it('material left in a slot is zeroed when its time is up', async () => {
    const records: string[] = []
    const host: ByokHost = {
      platform: { chooseSavePath: async () => join(t.dir, 'late.byok.json'), chooseOpenPaths: async () => [wkPath] },
      scopeRegion: async () => 'nl-01',
      source: () => ({ endpoint: 'x', organisation: 'y' }),
      online: () => Promise.reject(new Error('no KMS in this test')),
      record: async (op, outcome) => void records.push(`${op}:${outcome}`)
    }
    const wizard = new ByokWizard(host, 40)
    const view = await wizard.generateMaterial('chacha20-poly1305')
    const held = wizard.materials.get(view.id).material
    const bytes = held.bytes
    expect(bytes.some((b) => b !== 0)).toBe(true)
    await vi.waitFor(() => expect(held.destroyed).toBe(true), { timeout: 5_000, interval: 10 })
    expect(bytes.every((b) => b === 0)).toBe(true)
    const wk = await wizard.loadWrappingKey()
    if (wk.cancelled) throw new Error('cancelled')
    await expect(wizard.writeBundle(wk.wrappingKey.id, view.id, settings('late'))).rejects.toThrow(/no longer held/)
    expect(records).toEqual(['byok:generate-material:ok', 'byok:load-wrapping-key:ok'])
  })
})
