import { readFileSync } from 'node:fs'
import { validateWorkflow } from '@action-validator/core'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const FILE = '.github/workflows/release.yml'
const text = readFileSync(FILE, 'utf8')

interface Step {
  uses?: string
  run?: string
  with?: Record<string, unknown>
  env?: Record<string, string>
}
interface Job {
  'runs-on': string
  needs?: string[]
  if?: string
  strategy?: { matrix: { os: string[] } }
  steps: Step[]
}
const jobs = (parse(text) as { jobs: Record<string, Job> }).jobs
const runs = (job: Job | undefined) => (job?.steps ?? []).map((s) => s.run ?? '').join('\n')

describe('the release workflow', () => {
  it('is a valid GitHub Actions workflow (action-validator, with the official schema)', () => {
    expect(validateWorkflow(text).errors).toEqual([])
  })

  it('the validator refuses a broken workflow (so the check above can fail)', () => {
    const broken = text
      .replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest')
      .replace('      - run: npm ci --no-audit --no-fund', '      - runn: npm ci')
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0)
  })

  it('builds installers with electron-builder on Linux, macOS and Windows, and the CLI tarball with its SHA-256', () => {
    const build = jobs['installers']
    expect(build?.strategy?.matrix.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest'])
    expect(runs(build)).toContain('npm run dist')
    expect(runs(build)).toMatch(/npm pack[\s\S]*sha256/)
  })

  it('runs the Playwright electron project under Xvfb on Linux, after fetching Electron with its installer', () => {
    const e2e = jobs['electron-e2e']
    expect(e2e?.['runs-on']).toBe('ubuntu-latest')
    expect(runs(e2e)).toContain('node bin/electron.mjs check')
    expect(runs(e2e)).toMatch(/xvfb-run [\s\S]*npx playwright test --project=electron/)
    expect(text).not.toContain('ELECTRON_SKIP_BINARY_DOWNLOAD')
  })

  it('publishes only from a tag, after both jobs passed', () => {
    expect(jobs['publish']).toMatchObject({
      needs: ['installers', 'electron-e2e'],
      if: "startsWith(github.ref, 'refs/tags/v')"
    })
  })
})
