import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

async function rulesHit(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message)
}

describe('layering rules of DESIGN.md §3', () => {
  it('flags electron and node imports in the renderer', async () => {
    expect(await rulesHit('src-renderer/src/features/x.ts', "import { ipcRenderer } from 'electron'\nexport const a = ipcRenderer\n")).toContain('no-restricted-imports')
    expect(await rulesHit('src-renderer/src/features/x.ts', "import { readFile } from 'node:fs/promises'\nexport const a = readFile\n")).toContain('no-restricted-imports')
    expect(await rulesHit('src-renderer/src/features/x.ts', "import { randomBytes } from 'crypto'\nexport const a = randomBytes\n")).toContain('no-restricted-imports')
    expect(await rulesHit('src-renderer/src/features/x.ts', "import { readFile } from 'fs/promises'\nexport const a = readFile\n")).toContain('no-restricted-imports')
  })

  it('does not mistake the renderer own folders for Node modules (features/crypto)', async () => {
    expect(await rulesHit('src-renderer/src/features/x.ts', "import { canDo } from './crypto/key-ops'\nexport const a = canDo\n")).toEqual([])
  })

  it('flags main-process imports in the renderer', async () => {
    expect(await rulesHit('src-renderer/src/features/x.ts', "import { createCore } from '../../../src-main/services/core'\nexport const a = createCore\n")).toContain('no-restricted-imports')
  })

  it('lets the renderer import contract types but not contract values', async () => {
    expect(await rulesHit('src-renderer/src/features/x.ts', "import type { KmsKey } from '../../../src-preload/contract/schemas/kms'\nexport type A = KmsKey\n")).toEqual([])
    expect(await rulesHit('src-renderer/src/features/x.ts', "import { KmsKeySchema } from '../../../src-preload/contract/schemas/kms'\nexport const a = KmsKeySchema\n")).toContain('no-restricted-imports')
    // The dependency-free key matrix is the one module the renderer may take values from.
    expect(await rulesHit('src-renderer/src/features/x.ts', "import { supports } from '../../../src-preload/contract/key-matrix'\nexport const a = supports\n")).toEqual([])
    expect(await rulesHit('src-renderer/src/features/x.ts', "import { supports } from '../../../src-preload/contract/schemas/key-types'\nexport const a = supports\n")).toContain('no-restricted-imports')
  })

  it('lets only lib/kms.ts read window.kms', async () => {
    expect(await rulesHit('src-renderer/src/features/x.ts', 'export const api = window.kms\n')).toContain('no-restricted-properties')
    expect(await rulesHit('src-renderer/src/lib/kms.ts', 'export const api = window.kms\n')).toEqual([])
  })

  it('keeps the contract to zod', async () => {
    expect(await rulesHit('src-preload/contract/x.ts', "import { readFileSync } from 'node:fs'\nexport const a = readFileSync\n")).toContain('no-restricted-imports')
    expect(await rulesHit('src-preload/contract/x.ts', "import { z } from 'zod'\nexport const a = z.string()\n")).toEqual([])
  })

  it('keeps electron out of services, sandbox and cli', async () => {
    for (const dir of ['services', 'sandbox', 'cli']) {
      expect(await rulesHit(`src-main/${dir}/x.ts`, "import { app } from 'electron'\nexport const a = app\n")).toContain('no-restricted-imports')
    }
  })

  it('allows ipcMain.handle only in ipc/handle.ts', async () => {
    const code = "import { ipcMain } from 'electron'\nipcMain.handle('x', async () => 1)\n"
    expect(await rulesHit('src-main/ipc/keys.handlers.ts', code)).toContain('no-restricted-syntax')
    expect(await rulesHit('src-main/ipc/handle.ts', code)).toEqual([])
  })

  it('keeps key metadata out of raw HTML in the window: {@html} is refused', async () => {
    const code = '<script lang="ts">\n  let { name }: { name: string } = $props()\n</script>\n\n<p>{@html name}</p>\n'
    expect(await rulesHit('src-renderer/src/features/x.svelte', code)).toContain('svelte/no-at-html-tags')
    expect(await rulesHit('src-renderer/src/features/x.svelte', code.replace('{@html name}', '{name}'))).toEqual([])
  })
})
