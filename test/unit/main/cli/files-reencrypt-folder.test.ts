import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_CREDENTIALS as C } from '../../../../src-main/sandbox'
import { closeSharedPool, encryptFile, kmsDataKeyWrapper } from '../../../../src-main/services/files'
import { KmsClient } from '../../../../src-main/services/kms/client'
import { patAuth } from '../../../../src-main/services/profiles/auth'
import { errorOf, ok, setup } from './helpers'

let t: Awaited<ReturnType<typeof setup>>
let client: KmsClient
const dir = () => join(t.dir, 'vault')
beforeAll(async () => {
  t = await setup()
  client = new KmsClient({ endpoint: t.sandbox.url, organisation: C.organisation, auth: patAuth(C.adminPat) })
  const a = await client.createKey('nl-01', { name: 'old-a', keyType: 'aes256-gcm96' })
  const b = await client.createKey('nl-01', { name: 'other-b', keyType: 'aes256-gcm96' })
  const w = kmsDataKeyWrapper(async () => client)
  await mkdir(join(dir(), 'deep'), { recursive: true })
  for (const [name, k] of [
    ['one', a],
    ['deep/two', a],
    ['three', b]
  ] as const) {
    const input = join(dir(), `${name}.txt`)
    await writeFile(input, `secret ${name}`)
    await encryptFile({
      input,
      output: `${input}.tkms`,
      recipients: [{ region: 'nl-01', identity: k.identity, slug: k.slug }],
      wrapper: w
    })
  }
  await client.rotate('nl-01', a.identity)
}, 90_000)
afterAll(async () => {
  await client?.close()
  await closeSharedPool()
  await t?.cleanup()
})

const j = (args: string[]) => t.run(['--output', 'json', ...args])

describe('tkms files reencrypt --recursive (subprocess against a sandbox)', { timeout: 120_000 }, () => {
  it('dry run lists the files below the version; the run rewrites only those', async () => {
    const other = join(dir(), 'three.txt.tkms')
    const before = { bytes: await readFile(other), mtime: (await stat(other)).mtimeMs }
    const dry = ok(
      await j(['files', 'reencrypt', '--recursive', dir(), '--where-key', 'old-a', '--below-version', '2', '--dry-run'])
    ).json<{ matched: { path: string }[]; unmatched: number }>()
    expect(dry.matched.map((m) => m.path.slice(dir().length + 1))).toEqual(['deep/two.txt.tkms', 'one.txt.tkms'])
    expect(dry.unmatched).toBe(1)
    const run = ok(
      await j(['files', 'reencrypt', '--recursive', dir(), '--where-key', 'old-a', '--below-version', '2'])
    ).json<{ done: number; state: string }>()
    expect(run).toMatchObject({ done: 2, state: 'finished' })
    const again = ok(
      await j(['files', 'reencrypt', '--recursive', dir(), '--where-key', 'old-a', '--below-version', '2', '--dry-run'])
    ).json<{ matched: unknown[] }>()
    expect(again.matched).toEqual([])
    expect((await readFile(other)).equals(before.bytes)).toBe(true)
    expect((await stat(other)).mtimeMs).toBe(before.mtime)
    const opened = ok(await t.run(['files', 'decrypt', join(dir(), 'one.txt.tkms'), '--out', join(t.dir, 'one.out')]))
    expect(opened.code).toBe(0)
    expect(await readFile(join(t.dir, 'one.out'), 'utf8')).toBe('secret one')
  })

  it('refuses without a criterion and when resuming an unknown job', async () => {
    const none = await j(['files', 'reencrypt', '--recursive', dir()])
    expect(none.code).toBe(1)
    expect(errorOf(none).message).toMatch(/Say which files/)
    const unknown = await j(['files', 'reencrypt', '--resume', '00000000-0000-4000-8000-000000000000'])
    expect(unknown.code).toBe(1)
    expect(errorOf(unknown).message).toMatch(/No re-encryption job/)
  })
})
