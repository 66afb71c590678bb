import { readdirSync } from 'node:fs'
import { ESLint, type Linter } from 'eslint'
import { describe, expect, it } from 'vitest'
import { layerOf } from '../../../bin/eslint-layers.mjs'

/*
 * DESIGN.md §3's layering, enforced by bin/eslint-layers.mjs as an allow-list. Every probe below is
 * a deliberate violation that lint must report; the allowed imports beside them must stay clean;
 * and the real source tree must be clean.
 */
const eslint = new ESLint({ cwd: process.cwd() })

async function rulesHit(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message)
}

const E = "import { app } from 'electron'\nexport const a = app\n"
type Probe = [what: string, file: string, code: string, rule?: string]
const probes: Probe[] = [
  ['services → electron', 'src-main/services/keys/x.ts', E],
  [
    'services → electron/main',
    'src-main/services/keys/x.ts',
    "import { app } from 'electron/main'\nexport const a = app\n"
  ],
  [
    'services → platform/electron-platform',
    'src-main/services/keys/x.ts',
    "import { electronPlatform } from '../../platform/electron-platform'\nexport const a = electronPlatform\n"
  ],
  [
    'services → ipc',
    'src-main/services/keys/x.ts',
    "import { createDispatcher } from '../../ipc/dispatch'\nexport const a = createDispatcher\n"
  ],
  ['services → absolute path', 'src-main/services/keys/x.ts', "import { x } from '/etc/x'\nexport const a = x\n"],
  [
    'services: type-only electron import',
    'src-main/services/keys/x.ts',
    "import type { BrowserWindow } from 'electron'\nexport type A = BrowserWindow\n"
  ],
  ['services: typeof import("electron")', 'src-main/services/keys/x.ts', "export type A = typeof import('electron')\n"],
  [
    'services: dynamic import()',
    'src-main/services/keys/x.ts',
    "export const a = async () => (await import('electron')).app\n"
  ],
  [
    'services: computed dynamic import()',
    'src-main/services/keys/x.ts',
    'export const a = async (m: string) => import(m)\n'
  ],
  ['services: require', 'src-main/services/keys/x.ts', "export const a = require('electron')\n"],
  ['services: import = require', 'src-main/services/keys/x.ts', "import e = require('electron')\nexport const a = e\n"],
  ['services: export … from electron', 'src-main/services/keys/x.ts', "export { app } from 'electron'\n"],
  [
    'sandbox → services/core',
    'src-main/sandbox/x.ts',
    "import { createCore } from '../services/core'\nexport const a = createCore\n"
  ],
  [
    'sandbox → services/shared (the old atomic-file path)',
    'src-main/sandbox/x.ts',
    "import { writeFileAtomic } from '../services/shared/atomic-file'\nexport const a = writeFileAtomic\n"
  ],
  ['sandbox: export * from services', 'src-main/sandbox/x.ts', "export * from '../services/kms/client'\n"],
  ['sandbox → electron', 'src-main/sandbox/x.ts', E],
  ['cli → electron', 'src-main/cli/x.ts', E],
  [
    'cli → ipc (the old to-app-error path)',
    'src-main/cli/x.ts',
    "import { createDispatcher } from '../ipc/dispatch'\nexport const a = createDispatcher\n"
  ],
  [
    'common → services',
    'src-main/common/x.ts',
    "import { KmsClient } from '../services/kms/client'\nexport const a = KmsClient\n"
  ],
  [
    'platform → ipc',
    'src-main/platform/x.ts',
    "import { createDispatcher } from '../ipc/dispatch'\nexport const a = createDispatcher\n"
  ],
  ['a source file in no layer', 'src-main/misc/x.ts', 'export const a = 1\n'],
  [
    'contract → src-main',
    'src-preload/contract/x.ts',
    "import { createCore } from '../../src-main/services/core'\nexport const a = createCore\n"
  ],
  [
    'contract → node:fs',
    'src-preload/contract/x.ts',
    "import { readFileSync } from 'node:fs'\nexport const a = readFileSync\n"
  ],
  [
    'contract → another package',
    'src-preload/contract/x.ts',
    "import { fetch } from 'undici'\nexport const a = fetch\n"
  ],
  [
    'preload → node:fs',
    'src-preload/index.ts',
    "import { readFileSync } from 'node:fs'\nexport const a = readFileSync\n"
  ],
  [
    'preload → fs (bare builtin)',
    'src-preload/api.ts',
    "import { readFileSync } from 'fs'\nexport const a = readFileSync\n"
  ],
  [
    'preload → electron/main',
    'src-preload/index.ts',
    "import { ipcMain } from 'electron/main'\nexport const a = ipcMain\n",
    'layers/imports'
  ],
  [
    'renderer → electron',
    'src-renderer/src/features/x.ts',
    "import { ipcRenderer } from 'electron'\nexport const a = ipcRenderer\n"
  ],
  [
    'renderer → node:path',
    'src-renderer/src/features/x.ts',
    "import { join } from 'node:path'\nexport const a = join\n"
  ],
  [
    'renderer → crypto (bare builtin)',
    'src-renderer/src/features/x.ts',
    "import { randomBytes } from 'crypto'\nexport const a = randomBytes\n"
  ],
  [
    'renderer → src-main',
    'src-renderer/src/features/x.ts',
    "import { createCore } from '../../../src-main/services/core'\nexport const a = createCore\n"
  ],
  [
    'renderer: a value from the contract',
    'src-renderer/src/features/x.ts',
    "import { KmsKeySchema } from '../../../src-preload/contract/schemas/kms'\nexport const a = KmsKeySchema\n"
  ],
  [
    'renderer → preload api, bypassing lib/kms.ts',
    'src-renderer/src/features/x.ts',
    "import type { KmsApi } from '../../../src-preload/api'\nexport type A = KmsApi\n"
  ],
  ['renderer → preload index', 'src-renderer/src/features/x.ts', "import '../../../src-preload/index'\n"],
  [
    'renderer (svelte) → electron',
    'src-renderer/src/features/X.svelte',
    '<script lang="ts">\n  import { shell } from \'electron\'\n  shell.beep()\n</script>\n'
  ],
  [
    'renderer reads window.kms outside lib/kms.ts',
    'src-renderer/src/features/x.ts',
    'export const api = window.kms\n',
    'no-restricted-properties'
  ],
  [
    'ipcMain.handle in a handler file',
    'src-main/ipc/keys.handlers.ts',
    "import { ipcMain } from 'electron'\nipcMain.handle('x', async () => 1)\n",
    'layers/ipc-main'
  ],
  [
    'aliased ipcMain',
    'src-main/ipc/keys.handlers.ts',
    "import { ipcMain as bus } from 'electron'\nbus.on('x', () => undefined)\n",
    'layers/ipc-main'
  ],
  [
    'ipcMain through a namespace import',
    'src-main/app/window.ts',
    "import * as electron from 'electron'\nelectron.ipcMain.handle('x', async () => 1)\n",
    'layers/ipc-main'
  ],
  [
    'ipcMain destructured from require',
    'src-main/app/window.ts',
    "const { ipcMain: bus } = require('electron')\nbus.handle('x', async () => 1)\n",
    'layers/ipc-main'
  ],
  ['ipcMain re-exported', 'src-main/platform/x.ts', "export { ipcMain } from 'electron'\n", 'layers/ipc-main'],
  [
    'file-format → node:fs',
    'src-main/services/file-format/x.ts',
    "import { readFileSync } from 'node:fs'\nexport const a = readFileSync\n",
    'layers/imports'
  ],
  [
    'file-format → fs/promises (bare builtin)',
    'src-main/services/file-format/x.ts',
    "import { open } from 'fs/promises'\nexport const a = open\n",
    'layers/imports'
  ],
  [
    'file-format → the engine',
    'src-main/services/file-format/x.ts',
    "import { openRegularFile } from '../files/input-file'\nexport const a = openRegularFile\n",
    'layers/imports'
  ],
  [
    'file-format → another services file',
    'src-main/services/file-format/x.ts',
    "import { tempFiles } from '../shared/temp-files'\nexport const a = tempFiles\n",
    'layers/imports'
  ],
  [
    'file-format → a package',
    'src-main/services/file-format/x.ts',
    "import { request } from 'undici'\nexport const a = request\n",
    'layers/imports'
  ],
  [
    'files → signing (the old cycle)',
    'src-main/services/files/x.ts',
    "import { signFile } from '../signing'\nexport const a = signFile\n",
    'layers/imports'
  ],
  [
    'files → file-jobs',
    'src-main/services/files/x.ts',
    "import { FileJobs } from '../file-jobs/jobs'\nexport const a = FileJobs\n",
    'layers/imports'
  ],
  [
    'signing → file-jobs',
    'src-main/services/signing/x.ts',
    "import { FileJobs } from '../file-jobs/jobs'\nexport const a = FileJobs\n",
    'layers/imports'
  ],
  [
    'services → @lib (the renderer, through an alias)',
    'src-main/services/keys/x.ts',
    "import { api } from '@lib/kms'\nexport const a = api\n",
    'layers/imports'
  ],
  [
    'renderer: a contract value through @contract',
    'src-renderer/src/features/x.ts',
    "import { KmsKeySchema } from '@contract/schemas/kms'\nexport const a = KmsKeySchema\n",
    'layers/imports'
  ],
  [
    'contract → @ui',
    'src-preload/contract/x.ts',
    "import Dialog from '@ui/Dialog.svelte'\nexport const a = Dialog\n",
    'layers/imports'
  ],
  [
    'file-format → @contract then out of it',
    'src-main/services/file-format/x.ts',
    "import { x } from '@contract/../../src-main/services/files/input-file'\nexport const a = x\n",
    'layers/imports'
  ]
]

const allowed: [what: string, file: string, code: string][] = [
  [
    'services → node:fs and a package',
    'src-main/services/keys/x.ts',
    "import { readFile } from 'node:fs/promises'\nimport { request } from 'undici'\nexport const a = [readFile, request]\n"
  ],
  [
    'services → common, contract, sandbox',
    'src-main/services/keys/x.ts',
    "import { writeFileAtomic } from '../../common/atomic-file'\nimport { AppErrorSchema } from '../../../src-preload/contract/errors'\nimport { startSandbox } from '../../sandbox'\nexport const a = [writeFileAtomic, AppErrorSchema, startSandbox]\n"
  ],
  [
    'sandbox → common',
    'src-main/sandbox/x.ts',
    "import { writeFileAtomic } from '../common/atomic-file'\nexport const a = writeFileAtomic\n"
  ],
  [
    'cli → services and sandbox',
    'src-main/cli/x.ts',
    "import { toAppError } from '../services/shared/errors'\nimport { startSandbox } from '../sandbox'\nexport const a = [toAppError, startSandbox]\n"
  ],
  [
    'ipc/handle.ts uses ipcMain',
    'src-main/ipc/handle.ts',
    "import { ipcMain } from 'electron'\nipcMain.handle('x', async () => 1)\n"
  ],
  ['app → electron', 'src-main/app/x.ts', E],
  [
    'preload → electron (contextBridge)',
    'src-preload/index.ts',
    "import { contextBridge } from 'electron'\nexport const a = contextBridge\n"
  ],
  ['contract → zod', 'src-preload/contract/x.ts', "import { z } from 'zod'\nexport const a = z.string()\n"],
  [
    'renderer: contract types, key-matrix values, its own folders',
    'src-renderer/src/features/x.ts',
    "import type { KmsKey } from '../../../src-preload/contract/schemas/kms'\nimport { supports } from '../../../src-preload/contract/key-matrix'\nimport { canDo } from './crypto/key-ops'\nexport type A = KmsKey\nexport const a = [supports, canDo]\n"
  ],
  [
    'file-format → node:crypto, the neutral errors, the contract',
    'src-main/services/file-format/x.ts',
    "import { createHash } from 'node:crypto'\nimport { FileError } from '../shared/file-errors'\nimport { appError } from '../shared/errors'\nimport type { AppError } from '../../../src-preload/contract/errors'\nexport type A = AppError\nexport const a = [createHash, FileError, appError]\n"
  ],
  [
    'signing → the engine and the format',
    'src-main/services/signing/x.ts',
    "import { readRegularFile } from '../files/input-file'\nimport { MAGIC } from '../file-format/header'\nexport const a = [readRegularFile, MAGIC]\n"
  ],
  [
    'file-jobs → signing and files',
    'src-main/services/file-jobs/x.ts',
    "import { signFile } from '../signing'\nimport { encryptFile } from '../files'\nexport const a = [signFile, encryptFile]\n"
  ],
  [
    'renderer: @lib, @ui, @contract types and key-matrix values',
    'src-renderer/src/features/x.ts',
    "import { api } from '@lib/kms'\nimport Dialog from '@ui/Dialog.svelte'\nimport type { KmsKey } from '@contract/schemas/kms'\nimport { supports } from '@contract/key-matrix'\nexport type A = KmsKey\nexport const a = [api, Dialog, supports]\n"
  ],
  [
    'services → @contract',
    'src-main/services/keys/x.ts',
    "import { AppErrorSchema } from '@contract/errors'\nexport const a = AppErrorSchema\n"
  ],
  [
    'lib/kms.ts: preload api types and window.kms',
    'src-renderer/src/lib/kms.ts',
    "import type { KmsApi } from '../../../src-preload/api'\nexport const api: KmsApi = window.kms\n"
  ]
]

describe('layering allow-list (bin/eslint-layers.mjs)', () => {
  it(`has at least 25 violation probes (${probes.length})`, () => {
    expect(probes.length).toBeGreaterThanOrEqual(25)
  })

  it.each(probes)('reports: %s', async (_what, file, code, rule) => {
    const hits = await rulesHit(file, code)
    if (rule) expect(hits).toContain(rule)
    else
      expect(
        hits.some((h) => h.startsWith('layers/')),
        `hits: ${hits.join(', ')}`
      ).toBe(true)
  })

  it.each(allowed)('allows: %s', async (_what, file, code) => {
    expect(
      (await rulesHit(file, code)).filter((h) => h.startsWith('layers/') || h === 'no-restricted-properties')
    ).toEqual([])
  })

  it('puts every top-level file and folder of the source roots in a layer', () => {
    const entries = ['src-main', 'src-preload', 'src-renderer', 'src-renderer/src'].flatMap((root) =>
      readdirSync(root, { withFileTypes: true })
        .filter((e) => e.isDirectory() || /\.(ts|svelte)$/.test(e.name))
        .map((e) => `${root}/${e.name}${e.isDirectory() ? '/' : ''}`)
    )
    expect(entries.length).toBeGreaterThan(10)
    expect(entries.filter((e) => layerOf(e.endsWith('/') ? `${e}x.ts` : e) === undefined)).toEqual([])
  })

  it('keeps key metadata out of raw HTML in the window: {@html} is refused', async () => {
    const code = '<script lang="ts">\n  let { name }: { name: string } = $props()\n</script>\n\n<p>{@html name}</p>\n'
    expect(await rulesHit('src-renderer/src/features/x.svelte', code)).toContain('svelte/no-at-html-tags')
    expect(await rulesHit('src-renderer/src/features/x.svelte', code.replace('{@html name}', '{name}'))).toEqual([])
  })

  // The real tree is linted by ESLint itself, layer rules included (a gate of npm test, `npm run lint`):
  // here, that no source file escapes those rules through the config (a narrowed glob, an ignore).
  it('lints every source file with the layer rules on', async () => {
    const files = ['src-main', 'src-preload', 'src-renderer'].flatMap((root) =>
      readdirSync(root, { recursive: true, encoding: 'utf8' })
        .filter((f) => /\.(ts|svelte)$/.test(f))
        .map((f) => `${root}/${f.split('\\').join('/')}`)
    )
    expect(files.length).toBeGreaterThan(100)
    const level = (r: unknown) => (Array.isArray(r) ? r[0] : r)
    const on = (r: unknown) => level(r) === 2 || level(r) === 'error'
    const escapes = async (f: string) => {
      const rules = ((await eslint.calculateConfigForFile(f)) as Linter.Config | undefined)?.rules ?? {}
      return (await eslint.isPathIgnored(f)) || !on(rules['layers/imports']) || !on(rules['layers/ipc-main'])
    }
    // The check can fail: a file outside the layered roots, and an ignored one, escape.
    expect([await escapes('bin/x.ts'), await escapes('test/fixtures/x.ts')]).toEqual([true, true])
    const escaped: string[] = []
    for (const f of files) if (await escapes(f)) escaped.push(f)
    expect(escaped).toEqual([])
  })
})
