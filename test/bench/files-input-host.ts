/**
 * Child-process side of files-input.bench.ts: "main" for the renderer under test. Runs the test
 * bridge (real handler table, engine and sandbox), creates the key and the folder of small files,
 * prints `{ url, folder }` as one JSON line, and shuts down when its stdin closes. In its own
 * process, as main is in the app, so the engine's work never delays the benchmark's input.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startBridge } from '../e2e/bridge/server'

const n = Number(process.argv[2] ?? 10_000)
const dir = await mkdtemp(join(tmpdir(), 'tkms-files-input-'))
const bridge = await startBridge()
await (await bridge.core.workspace.client()).createKey('nl-01', { name: 'bench-key', keyType: 'aes256-gcm96' })
const folder = join(dir, 'many')
await mkdir(folder)
const body = Buffer.alloc(1024, 'x')
for (let i = 0; i < n; i++) await writeFile(join(folder, `f${String(i).padStart(6, '0')}.txt`), body)
process.stdout.write(
  `${JSON.stringify({ url: bridge.url, folder, concurrency: bridge.core.settings.get().fileConcurrency })}\n`
)
process.stdin.resume()
process.stdin.on('end', () => {
  void bridge
    .close()
    .then(() => rm(dir, { recursive: true, force: true }))
    .catch(() => undefined)
    .then(() => process.exit(0))
})
