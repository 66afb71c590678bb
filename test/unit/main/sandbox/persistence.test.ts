import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startSandbox } from '../../../../src-main/sandbox/index'
import { b64, createKey, openSandbox, tempDir } from './helpers'

const dirs: string[] = []
async function freshDir(): Promise<string> {
  const d = await tempDir()
  dirs.push(d)
  return d
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

describe('persistence', () => {
  it('keeps keys, versions, statuses and the wrapping key across a restart', async () => {
    const dataDir = await freshDir()
    const a = await openSandbox({ dataDir })
    const k = await createKey(a, 'aes256-gcm96')
    const c1 = (await a.kms('POST', `/keys/${k.identity}/encrypt`, { body: { plaintext: b64('survives') } })).body
      .ciphertext
    await a.kms('POST', `/keys/${k.identity}/rotate`)
    const d = await createKey(a, 'hmac')
    await a.kms('POST', `/keys/${d.identity}/disable`)
    const wrapping = (await a.kms('GET', '/wrapping-key')).body.publicKey
    await a.sb.close()

    const b = await openSandbox({ dataDir })
    try {
      const again = await b.kms('GET', `/keys/${k.identity}`)
      expect(again.body).toMatchObject({ latestVersion: 2, objectVersion: 2 })
      const p = await b.kms('POST', `/keys/${k.identity}/decrypt`, { body: { ciphertext: c1 } })
      expect(Buffer.from(String(p.body.plaintext), 'base64').toString()).toBe('survives')
      expect((await b.kms('GET', `/keys/${d.identity}`)).body.status).toBe('disabled')
      expect((await b.kms('GET', '/wrapping-key')).body.publicKey).toBe(wrapping)
    } finally {
      await b.sb.close()
    }
  }, 60_000)

  it('creates master.key with mode 0600 and never writes key material in clear', async () => {
    const dataDir = await freshDir()
    const t = await openSandbox({ dataDir })
    const k = await createKey(t, 'aes256-gcm96', { exportAllowed: true })
    const material = String((await t.kms('POST', `/keys/${k.identity}/export`, { body: {} })).body.keyMaterial)
    await t.sb.close()
    if (process.platform !== 'win32') expect((await stat(join(dataDir, 'master.key'))).mode & 0o777).toBe(0o600)
    const state = await readFile(join(dataDir, 'state.json'), 'utf8')
    expect(state).toContain(k.identity)
    expect(state).not.toContain(material)
    expect(state).not.toContain(Buffer.from(material, 'base64').toString('hex'))
    // No temp files are left behind by the atomic writes.
    expect((await readdir(dataDir)).sort()).toEqual(['master.key', 'state.json'])
  })

  it.each([
    ['not JSON', '{"formatVersion": 1, "keys": [', /not valid JSON/],
    ['wrong schema', '{"formatVersion": 2, "keys": [], "wrappingKeys": []}', /state schema/]
  ])('refuses a corrupt state file (%s), moves it aside and says where', async (_, content, reason) => {
    const dataDir = await freshDir()
    await (await openSandbox({ dataDir })).sb.close()
    const path = join(dataDir, 'state.json')
    await writeFile(path, content)
    const err = await startSandbox({ dataDir }).then(
      () => undefined,
      (e: unknown) => e as Error
    )
    expect(err?.message).toContain(path)
    expect(err?.message).toMatch(reason)
    const aside = (await readdir(dataDir)).find((f) => f.startsWith('state.json.corrupt-'))
    expect(aside).toBeDefined()
    expect(err?.message).toContain(aside)
    expect(await readFile(join(dataDir, aside!), 'utf8')).toBe(content)
    // The next start begins empty rather than failing forever.
    const next = await openSandbox({ dataDir })
    expect((await next.kms('GET', '/keys')).list).toEqual([])
    await next.sb.close()
  })

  it('refuses state sealed under a different master key', async () => {
    const dataDir = await freshDir()
    const t = await openSandbox({ dataDir })
    await createKey(t, 'aes128-gcm96')
    await t.sb.close()
    await writeFile(join(dataDir, 'master.key'), Buffer.alloc(32, 9))
    await expect(startSandbox({ dataDir })).rejects.toThrow(/master key was replaced/)
  })

  it('refuses a master key of the wrong size', async () => {
    const dataDir = await freshDir()
    await writeFile(join(dataDir, 'master.key'), 'short')
    await expect(startSandbox({ dataDir })).rejects.toThrow(/exactly 32 bytes/)
  })
})
