import { execFile } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeSharedPool, decryptFile, encryptFile, resolveWorker, WorkerPool } from '../../../../../src-main/services/files'
import { KEY_A, kmsWith, pattern, tempDir } from '../file-helpers'

const ROOT = resolve(fileURLToPath(new URL('../../../../..', import.meta.url)))
const SRC = join(ROOT, 'src-main/services/files')
let dir = ''
let cleanup: () => Promise<void> = async () => undefined

beforeAll(async () => ({ dir, cleanup } = await tempDir()))
afterAll(async () => {
  await closeSharedPool()
  await cleanup()
})

describe('resolveWorker', () => {
  it('points a bundled main at the sibling files-worker.js', () => {
    const spec = resolveWorker('file:///opt/app/out/main/index.js')
    expect(String(spec.filename)).toBe('/opt/app/out/main/files-worker.js')
    expect(spec.options.eval).toBeUndefined()
  })

  it('loads the worker of a packaged app from the unpacked folder beside the asar', () => {
    const spec = resolveWorker('file:///opt/Thalassa/resources/app.asar/out/main/index.js')
    expect(String(spec.filename)).toBe('/opt/Thalassa/resources/app.asar.unpacked/out/main/files-worker.js')
  })

  it('loads the TypeScript worker through tsx when running from source', () => {
    const spec = resolveWorker(pathToFileURL(join(SRC, 'worker-pool.ts')).href)
    expect(spec.options.eval).toBe(true)
    expect(String(spec.filename)).toContain(pathToFileURL(join(SRC, 'files-worker.ts')).href)
    expect(String(spec.filename)).toContain('tsImport')
  })

  it('works with the worker bundled the way the app build emits it', async () => {
    const outMain = join(dir, 'out', 'main')
    await mkdir(outMain, { recursive: true })
    await writeFile(join(dir, 'out', 'package.json'), '{"type":"module"}')
    await build({
      entryPoints: [join(SRC, 'files-worker.ts')],
      outfile: join(outMain, 'files-worker.js'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent'
    })
    const pool = new WorkerPool(2, resolveWorker(pathToFileURL(join(outMain, 'index.js')).href))
    try {
      const kms = kmsWith(KEY_A)
      const plain = pattern(3 << 20, 3)
      await writeFile(join(dir, 'b.bin'), plain)
      await encryptFile({
        input: join(dir, 'b.bin'),
        output: join(dir, 'b.tkms'),
        recipients: [KEY_A],
        wrapper: kms,
        pool
      })
      await decryptFile({ input: join(dir, 'b.tkms'), output: join(dir, 'b.out'), wrapper: kms })
      expect((await readFile(join(dir, 'b.out'))).equals(plain)).toBe(true)
    } finally {
      await pool.close()
    }
  })

  it('works under tsx, the way the CLI runs', async () => {
    const script = join(dir, 'cli-like.mts')
    const index = pathToFileURL(join(SRC, 'index.ts')).href
    await writeFile(join(dir, 'c.bin'), pattern(2 << 20, 4))
    await writeFile(
      script,
      `import { encryptFile, decryptFile, closeSharedPool } from ${JSON.stringify(index)}
const w = { wrap: async (_r, k) => 'thalassa:v1:' + Buffer.from(k).toString('base64'), unwrap: async (_r, c) => Buffer.from(c.slice(12), 'base64') }
const r = { region: 'nl-01', identity: 'kms-x', slug: 'x' }
await encryptFile({ input: process.argv[2] + '/c.bin', output: process.argv[2] + '/c.tkms', recipients: [r], wrapper: w })
await decryptFile({ input: process.argv[2] + '/c.tkms', output: process.argv[2] + '/c.out', wrapper: w })
await closeSharedPool()
console.log('done')
`
    )
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, dir], { cwd: ROOT })
    expect(stdout.trim()).toBe('done')
    expect((await readFile(join(dir, 'c.out'))).equals(await readFile(join(dir, 'c.bin')))).toBe(true)
  })
})
