import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ProfileStore } from '../../../../../src-main/services/profiles/store'
import { SANDBOX_PROFILE_ID } from '@contract/schemas/profiles'

let dir: string
let file: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'profiles-'))
  file = join(dir, 'data', 'profiles.json')
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const input = {
  name: 'Prod',
  endpoint: 'https://api.thalassa.cloud',
  organisation: 'acme',
  auth: { kind: 'pat' as const }
}

describe('ProfileStore', () => {
  it('starts with the built-in read-only Local sandbox, endpoint filled at runtime', async () => {
    const s = new ProfileStore({ file })
    expect(await s.load()).toEqual({ status: 'new' })
    s.setSandboxEndpoint('http://127.0.0.1:40123')
    expect(s.list()).toEqual([
      expect.objectContaining({
        id: SANDBOX_PROFILE_ID,
        kind: 'sandbox',
        name: 'Local sandbox',
        endpoint: 'http://127.0.0.1:40123',
        organisation: 'sandbox'
      })
    ])
    expect(s.active().id).toBe(SANDBOX_PROFILE_ID)
    await expect(s.update(SANDBOX_PROFILE_ID, { name: 'x' })).rejects.toMatchObject({ appError: { code: 'bad_input' } })
    await expect(s.delete(SANDBOX_PROFILE_ID)).rejects.toMatchObject({ appError: { code: 'bad_input' } })
  })

  it('persists create/update/delete/select atomically as versioned JSON (0600, no temp files left)', async () => {
    const s = new ProfileStore({ file })
    await s.load()
    const p = await s.create(input)
    await s.setActive(p.id)
    const u = await s.update(p.id, { project: 'alpha', defaultRegion: 'nl-01' })
    expect(u).toMatchObject({ project: 'alpha', defaultRegion: 'nl-01', kind: 'cloud' })
    const json = JSON.parse(await readFile(file, 'utf8')) as {
      version: number
      activeProfileId: string
      profiles: unknown[]
    }
    expect(json).toMatchObject({
      version: 1,
      activeProfileId: p.id,
      profiles: [expect.objectContaining({ name: 'Prod', project: 'alpha' })]
    })
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(await readdir(join(dir, 'data'))).toEqual(['profiles.json'])

    const again = new ProfileStore({ file })
    expect(await again.load()).toEqual({ status: 'ok' })
    expect(again.active().id).toBe(p.id)
    const cleared = await again.update(p.id, { project: null })
    expect(cleared.project).toBeUndefined()
    await again.delete(p.id)
    expect(again.active().id).toBe(SANDBOX_PROFILE_ID)
    await expect(again.setActive(p.id)).rejects.toMatchObject({ appError: { code: 'profile_not_found' } })
  })

  it('rejects bad input: http to a remote host, duplicate names, empty organisation', async () => {
    const s = new ProfileStore({ file })
    await s.load()
    await expect(s.create({ ...input, endpoint: 'http://api.thalassa.cloud' })).rejects.toMatchObject({
      appError: { code: 'bad_input', field: 'endpoint' }
    })
    await s.create(input)
    await expect(s.create({ ...input, name: 'prod' })).rejects.toMatchObject({
      appError: { code: 'exists', field: 'name' }
    })
    await expect(s.create({ ...input, name: 'Other', organisation: '' })).rejects.toMatchObject({
      appError: { code: 'bad_input', field: 'organisation' }
    })
    await expect(s.create({ ...input, name: 'Local', endpoint: 'http://127.0.0.1:8080' })).resolves.toMatchObject({
      endpoint: 'http://127.0.0.1:8080'
    })
    expect(s.list()).toHaveLength(3)
  })

  it('moves a corrupt file aside, reports it, and never overwrites it', async () => {
    const s = new ProfileStore({ file, now: () => new Date('2026-01-02T03:04:05Z') })
    await s.load()
    await s.create(input)
    await writeFile(file, '{ "version": 1, "profiles": [ {"broken": ')
    const r = new ProfileStore({ file, now: () => new Date('2026-01-02T03:04:05Z') })
    const report = await r.load()
    expect(report).toMatchObject({ status: 'recovered', error: { code: 'config_corrupt' } })
    if (report.status !== 'recovered') throw new Error('unreachable')
    expect(await readFile(report.movedTo, 'utf8')).toContain('"broken"')
    expect(r.list()).toHaveLength(1)
  })

  it('moves aside a file that parses but fails the schema', async () => {
    await s0().then(() => writeFile(file, JSON.stringify({ version: 1, profiles: [{ id: 'x' }] })))
    const r = await new ProfileStore({ file }).load()
    expect(r.status).toBe('recovered')
  })

  it('a file from a newer version is left untouched and the store refuses to write', async () => {
    await s0().then(() => writeFile(file, JSON.stringify({ version: 2, profiles: [], future: true })))
    const s = new ProfileStore({ file })
    expect(await s.load()).toMatchObject({ status: 'read-only', error: { code: 'config_corrupt' } })
    await expect(s.create(input)).rejects.toMatchObject({ appError: { code: 'config_corrupt' } })
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 2, future: true })
  })

  it('a failed write leaves memory and disk unchanged', async () => {
    const s = new ProfileStore({ file })
    await s.load()
    await s.create(input)
    // A directory where the file should be makes the final rename fail, even for root.
    await rm(file)
    await mkdir(file)
    await expect(s.create({ ...input, name: 'B' })).rejects.toMatchObject({ appError: { code: 'io' } })
    expect(s.list().map((p) => p.name)).toEqual(['Local sandbox', 'Prod'])
    expect((await readdir(join(dir, 'data'))).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })

  it('serialises concurrent writes', async () => {
    const s = new ProfileStore({ file })
    await s.load()
    await Promise.all(Array.from({ length: 10 }, (_, i) => s.create({ ...input, name: `P${i}` })))
    const again = new ProfileStore({ file })
    await again.load()
    expect(again.list()).toHaveLength(11)
  })
})

async function s0(): Promise<void> {
  const s = new ProfileStore({ file })
  await s.load()
  await s.create(input)
}
