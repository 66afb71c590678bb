import { execFileSync } from 'node:child_process'
import { mkdir, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InspectResult, JobView } from '@contract/schemas/files'
import type { KmsKey } from '@contract/schemas/kms'
import { openRegularFile, withPinnedInputs } from '../../src-main/services/files/input-file'
import { PathValidator } from '../../src-main/services/files/input-paths'
import { writeSaveTarget } from '../../src-main/services/shared/save-target'
import { openIpc, type IpcHarness } from './ipc-harness'

let h: IpcHarness
let key: KmsKey
let home: string
const recipients = () => [{ region: 'nl-01', identity: key.identity, slug: key.slug }]

beforeAll(async () => {
  h = await openIpc()
  home = join(h.dir, 'home')
  await mkdir(join(home, '.ssh'), { recursive: true })
  await writeFile(join(home, '.ssh', 'id_ed25519'), 'PRIVATE KEY MATERIAL')
  await writeFile(join(home, '.bashrc'), 'export PS1=original\n')
  key = await h.ok<KmsKey>('keys:create', { region: 'nl-01', key: { name: 'caps', keyType: 'aes256-gcm96' } })
})
afterAll(() => h.close())

async function dropped(...paths: string[]): Promise<InspectResult> {
  return h.ok<InspectResult>('files:drop', { paths })
}
async function start(payload: Record<string, unknown>): Promise<JobView[]> {
  return h.finished(await h.ok<JobView[]>('files:start', payload))
}

describe('a hostile window cannot name files itself', () => {
  it.each([
    [
      'files:start with a path',
      'files:start',
      { operation: 'encrypt', items: [{ path: '/home/user/.ssh/id_ed25519' }], recipients: [] },
      'ipc_invalid_request'
    ],
    [
      'files:start with an output folder path',
      'files:start',
      { operation: 'decrypt', items: [{ handle: `ph_${'0'.repeat(32)}` }], outputDir: '/home/user' },
      'ipc_invalid_request'
    ],
    [
      'files:start with a public key path',
      'files:start',
      { operation: 'verify', items: [{ handle: `ph_${'0'.repeat(32)}` }], publicKey: '/etc/passwd' },
      'ipc_invalid_request'
    ],
    ['the old files:inspect channel', 'files:inspect', { paths: ['/home/user'] }, 'ipc_unknown_channel'],
    ['files:show-in-folder with a path', 'files:show-in-folder', { path: '/home/user/.ssh' }, 'ipc_invalid_request']
  ])('%s is refused before any handler runs', async (_name, channel, payload, code) => {
    const r = await h.send(channel, payload)
    expect(r).toMatchObject({ ok: false, error: { code } })
  })

  it('a handle the window made up is refused, as is a handle of another kind', async () => {
    const forged = await h.send('files:start', {
      operation: 'encrypt',
      items: [{ handle: `ph_${'a'.repeat(32)}` }],
      recipients: recipients()
    })
    expect(forged).toMatchObject({
      ok: false,
      error: { code: 'bad_input', message: expect.stringContaining('not one you dropped or chose') }
    })
    await mkdir(join(h.dir, 'out'), { recursive: true })
    h.dialogs.open.push([join(h.dir, 'out')])
    const out = (await h.ok<InspectResult>('files:pick', { kind: 'output-folder' })).entries[0]?.handle ?? ''
    const asInput = await h.send('files:start', {
      operation: 'encrypt',
      items: [{ handle: out }],
      recipients: recipients()
    })
    expect(asInput).toMatchObject({ ok: false, error: { code: 'bad_input' } })
    const file = (await dropped(join(home, '.bashrc'))).entries[0]?.handle ?? ''
    const asFolder = await h.send('files:start', {
      operation: 'encrypt',
      items: [{ handle: file }],
      recipients: recipients(),
      outputDir: file
    })
    expect(asFolder).toMatchObject({ ok: false, error: { code: 'bad_input' } })
  })

  it('the app data folder is never accepted, dropped or in a folder', async () => {
    const r = await dropped(
      h.core.dataDir,
      join(h.core.dataDir, 'sandbox', 'state.json'),
      join(h.core.dataDir, 'sandbox', 'master.key')
    )
    expect(r.entries).toEqual([])
    expect(r.refused.map((x) => x.error.message)).toEqual(
      Array(3).fill(expect.stringContaining("application's own data folder"))
    )
  })
})

describe('a link swapped in after validation cannot redirect a job', () => {
  it('a dropped file replaced by a link to the app data is refused at start: nothing is read or written', async () => {
    const decoy = join(home, 'notes.txt')
    await writeFile(decoy, 'harmless')
    const handle = (await dropped(decoy)).entries[0]?.handle ?? ''
    await rm(decoy)
    await symlink(join(h.core.dataDir, 'sandbox', 'master.key'), decoy)
    const [job] = await start({ operation: 'encrypt', items: [{ handle }], recipients: recipients() })
    expect(job).toMatchObject({
      state: 'error',
      error: {
        code: 'bad_input',
        message: expect.stringMatching(/application's own data folder|no longer the file you added/)
      }
    })
    expect((await readdir(home)).filter((n) => n.startsWith('notes'))).toEqual(['notes.txt'])
  })

  it('a dropped folder swapped for a link to the app data is refused for every file in it', async () => {
    const docs = join(home, 'docs')
    await mkdir(docs)
    // The app data folder holds a settings.json too: the swapped link would lead the job to it.
    await h.ok('settings:set', { clipboardClearSeconds: 30 })
    await writeFile(join(docs, 'settings.json'), '{"mine":true}')
    const handle = (await dropped(docs)).entries[0]?.handle ?? ''
    await rename(docs, join(home, 'docs-moved'))
    await symlink(h.core.dataDir, docs)
    const [job] = await start({ operation: 'encrypt', items: [{ handle }], recipients: recipients() })
    expect(job).toMatchObject({
      state: 'error',
      error: { code: 'bad_input', message: expect.stringContaining("application's own data folder") }
    })
    expect(await readdir(h.core.dataDir)).not.toContain('settings.json.tkms')
  })

  it('a file replaced by another one (same path, different file) is refused', async () => {
    const p = join(home, 'report.txt')
    await writeFile(p, 'the report the user dropped')
    const handle = (await dropped(p)).entries[0]?.handle ?? ''
    await writeFile(join(home, 'other.txt'), 'something else')
    await rename(join(home, 'other.txt'), p)
    const [job] = await start({ operation: 'encrypt', items: [{ handle }], recipients: recipients() })
    expect(job).toMatchObject({
      state: 'error',
      error: { message: expect.stringContaining('no longer the file you added') }
    })
  })

  it('an output folder swapped for a link to the app data is refused before anything is written', async () => {
    const outs = join(home, 'outputs')
    await mkdir(outs)
    h.dialogs.open.push([outs])
    const out = (await h.ok<InspectResult>('files:pick', { kind: 'output-folder' })).entries[0]?.handle ?? ''
    await writeFile(join(home, 'plan.txt'), 'plan')
    const input = (await dropped(join(home, 'plan.txt'))).entries[0]?.handle ?? ''
    await rm(outs, { recursive: true })
    await symlink(h.core.dataDir, outs)
    const [job] = await start({
      operation: 'encrypt',
      items: [{ handle: input }],
      recipients: recipients(),
      outputDir: out
    })
    expect(job).toMatchObject({ state: 'error', error: { code: 'bad_input' } })
    expect(await readdir(h.core.dataDir)).not.toContain('plan.txt.tkms')
  })

  it('the engine opens a pinned input without following a link, and checks it is the validated file', async () => {
    const p = join(home, 'pinned.txt')
    await writeFile(p, 'pinned')
    const { identity, real } = await new PathValidator({ dataDir: h.core.dataDir }).file(p)
    const pins = new Map([[p, { real, identity }]])
    // Validated, then swapped for a link between the check and the open.
    await rm(p)
    await symlink(join(home, '.ssh', 'id_ed25519'), p)
    await expect(withPinnedInputs(pins, () => openRegularFile(p))).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringContaining('no longer the file you added')
    })
    // Without a pin (the CLI, a path the user typed), a link is followed as usual.
    const f = await openRegularFile(p)
    expect(await f.handle.readFile('utf8')).toBe('PRIVATE KEY MATERIAL')
    await f.handle.close()
  })
})

describe("files picked in main's dialogs are opened as regular files only", () => {
  it('a FIFO or device picked for BYOK material, a wrapping key or a bundle is refused at once', async () => {
    const fifo = join(home, 'material.fifo')
    execFileSync('mkfifo', [fifo])
    for (const [channel, payload] of [
      ['byok:load-material', { keyType: 'aes256-gcm96' }],
      ['byok:load-wrapping-key', undefined],
      ['byok:load-bundle', undefined]
    ] as const) {
      for (const path of [fifo, '/dev/zero']) {
        h.dialogs.open.push([path])
        expect(await h.send(channel, payload), `${channel} ${path}`).toMatchObject({
          ok: false,
          error: { code: 'bad_input', message: expect.stringContaining('not a regular file') }
        })
      }
    }
  })
})

describe('replacing a file needs a confirmation shown by main', () => {
  it('an overwrite request without the user confirming in the native dialog starts nothing', async () => {
    const p = join(home, 'budget.txt')
    await writeFile(p, 'budget')
    await writeFile(`${p}.tkms`, 'an older encrypted copy')
    const handle = (await dropped(p)).entries[0]?.handle ?? ''
    h.dialogs.confirm.push(false)
    const refused = await h.send('files:start', {
      operation: 'encrypt',
      items: [{ handle }],
      recipients: recipients(),
      overwrite: true
    })
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'cancelled', message: expect.stringContaining('not confirmed') }
    })
    expect(h.platform.confirmations.at(-1)).toContain('Replace existing files')
    expect(await readFile(`${p}.tkms`, 'utf8')).toBe('an older encrypted copy')
    // Without the request, the existing output is left alone and the job says why.
    const [kept] = await start({ operation: 'encrypt', items: [{ handle }], recipients: recipients() })
    expect(kept).toMatchObject({ state: 'error', error: { code: 'exists' } })
    h.dialogs.confirm.push(true)
    const [replaced] = await start({
      operation: 'encrypt',
      items: [{ handle }],
      recipients: recipients(),
      overwrite: true
    })
    expect(replaced).toMatchObject({ state: 'ok' })
    expect(await readFile(`${p}.tkms`, 'utf8')).not.toBe('an older encrypted copy')
  })

  it('a save target replaces an existing file only when the dialog confirmed it', async () => {
    const p = join(home, 'later.pem')
    await writeFile(p, 'appeared after the dialog')
    await expect(writeSaveTarget({ path: p, replace: false }, 'new', 0o644)).rejects.toMatchObject({
      appError: { code: 'exists' }
    })
    expect(await readFile(p, 'utf8')).toBe('appeared after the dialog')
    await writeSaveTarget({ path: p, replace: true }, 'new', 0o644)
    expect(await readFile(p, 'utf8')).toBe('new')
  })

  it('~/.bashrc stays untouched whatever the window sends', async () => {
    expect(await readFile(join(home, '.bashrc'), 'utf8')).toBe('export PS1=original\n')
  })
})
