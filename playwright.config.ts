import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import { defineConfig, type Project } from '@playwright/test'

/**
 * The Electron binary, when one is installed. Resolved without require('electron'), which would try
 * to download it (never possible on this network).
 */
function electronBinary(): string | undefined {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
    const pathFile = join(dir, 'path.txt')
    const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron'
    const override = process.env['ELECTRON_OVERRIDE_DIST_PATH']
    const full = override ? join(override, name) : join(dir, 'dist', name)
    return existsSync(full) ? full : undefined
  } catch {
    return undefined
  }
}

/**
 * Chromium's headless shell (Debian `chromium-headless-shell`), Playwright's own default for headless
 * runs, when installed: the same engine without the browser's UI layer, about 15% less CPU a test
 * here (docs/testing.md). Full Chromium otherwise, and for `--headed` (set CHROMIUM_PATH).
 */
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell'
const chromiumPath = process.env['CHROMIUM_PATH'] ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium')

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
  // V8 in the page without its background threads (concurrent compilation and GC): with two workers on
  // two cores those threads only contend with the other browser. Web project, 5 paired runs of 43
  // tests: 82 -> 72 core-s, 44 -> 40 s (docs/testing.md). The app's JavaScript behaves the same.
  '--js-flags=--single-threaded'
]

const projects: Project[] = [
  {
    name: 'web',
    use: {
      browserName: 'chromium',
      launchOptions: { executablePath: chromiumPath, args: chromiumArgs }
    }
  }
]
if (electronBinary()) projects.push({ name: 'electron', metadata: { electron: electronBinary() } })
else
  console.log(
    '[e2e] electron project skipped: no Electron binary is installed here; the web project runs the same specs.'
  )

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Tests, not files, are shared out: a long spec file no longer keeps one worker busy while the other idles.
  fullyParallel: true,
  workers: 2,
  // No retries, in CI either: a flaky test must show as a failure, not pass on its second run.
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    // No trace by default: recording DOM snapshots of every step cost about 75 s of CPU a run (a sixth
    // of the suite) for traces only a failure keeps. To debug one: npx playwright test <spec> --trace on
    trace: 'off',
    // Covers the page the app fixture keeps per worker too (test/e2e/fixtures.ts).
    screenshot: 'only-on-failure'
  },
  projects
})
