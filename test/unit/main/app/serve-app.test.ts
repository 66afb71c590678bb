import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CSP } from '../../../../src-main/app/app-origin'
import { serveApp } from '../../../../src-main/app/serve-app'

let base: string
let root: string

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'tkms-serve-'))
  root = join(base, 'renderer')
  await mkdir(join(root, 'assets'), { recursive: true })
  await writeFile(join(root, 'index.html'), '<html></html>')
  await writeFile(join(root, 'assets', 'app.js'), 'console.info(1)')
  await writeFile(join(base, 'secret.txt'), 'top secret')
})
afterAll(() => rm(base, { recursive: true, force: true }))

describe('app:// responses', () => {
  it('serves files with the CSP header and a content type', async () => {
    const r = await serveApp(root, new Request('app://kms/assets/app.js'))
    expect(r.status).toBe(200)
    expect(r.headers.get('content-security-policy')).toBe(CSP)
    expect(r.headers.get('content-type')).toContain('javascript')
    expect(await r.text()).toBe('console.info(1)')
  })

  it('refuses to serve a file outside the renderer folder', async () => {
    const r = await serveApp(root, new Request('app://kms/%2e%2e/secret.txt'))
    expect(r.status).toBe(404)
    expect(await r.text()).not.toContain('top secret')
  })

  it('answers 404 for a missing file', async () => {
    expect((await serveApp(root, new Request('app://kms/nope.js'))).status).toBe(404)
  })
})
