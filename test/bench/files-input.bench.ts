/**
 * Input to paint on the Files screen while a batch of 10,000 small files runs: the real renderer
 * (out/renderer) in Chromium, the real handler table and engine behind the test bridge (as the
 * Playwright web project runs it). Keystrokes into the recipient search box and clicks on a
 * checkbox are timed from the event's timestamp to the frame after it (the task after the next
 * requestAnimationFrame, i.e. after that frame was produced), idle first and then during the run;
 * the Event Timing API (PerformanceObserver 'event', durationThreshold 16) is read alongside.
 * Printed, never asserted. Size: BENCH_UI_FILES (default 10000), rounds: BENCH_UI_ROUNDS (20).
 * BENCH_UI_PROFILE=1 profiles the renderer during the run, BENCH_UI_PROFILE=idle from the drop to the run.
 * The host's CPU time during the run is read from /proc; BENCH_CPU_PROF=<dir> writes its CPU profile.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { availableParallelism, loadavg } from 'node:os'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Page } from 'playwright-core'
import { bridgeClientScript } from '../e2e/bridge/bundle-client'
import { FilesPage } from '../e2e/pages/files-page'
import { inputProbe, readProbe, type ProbeReport } from './input-probe'
import { startProfile, topFunctions } from './cpu-profile'

const N = Number(process.env['BENCH_UI_FILES'] ?? 10_000)
const ROUNDS = Number(process.env['BENCH_UI_ROUNDS'] ?? 20)

/**
 * One round of user input: type a word into the search box, erase it, tick and untick a box. Each
 * key press is also timed from outside (sent → the renderer acknowledged handling it), which
 * counts the time an input waits for a busy main thread even before its event exists.
 */
async function interact(page: Page, acks: number[]): Promise<void> {
  const timed = async (f: () => Promise<void>) => {
    const t = performance.now()
    await f()
    acks.push(performance.now() - t)
  }
  // Coordinates, not locators: finding an element needs the page's main thread, which is what is measured.
  const box = async (id: string) => {
    const b = await page.getByTestId(id).boundingBox()
    if (!b) throw new Error(`${id} is not on screen`)
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 }
  }
  const search = await box('recipient-search')
  const check = await box('overwrite')
  await timed(() => page.mouse.click(search.x, search.y))
  for (const k of 'bench') await timed(() => page.keyboard.press(k, { delay: 20 }))
  for (let i = 0; i < 5; i++) await timed(() => page.keyboard.press('Backspace', { delay: 20 }))
  await timed(() => page.mouse.click(check.x, check.y))
  await timed(() => page.mouse.click(check.x, check.y))
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN
const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : '–')
const stats = (xs: number[]) =>
  `n ${xs.length}, p50 ${ms(pct(xs, 0.5))}, p95 ${ms(pct(xs, 0.95))}, max ${ms(Math.max(...xs))}`
/** CPU time (user + system, all threads) of a process so far, from /proc (Linux); NaN elsewhere. */
function processCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return NaN
  }
}
const load = () => (loadavg()[0] ?? 0).toFixed(1)

function describe(label: string, r: ProbeReport, acks: number[]): string[] {
  const keys = r.samples.filter((s) => s.type === 'keydown').map((s) => s.ms)
  const clicks = r.samples.filter((s) => s.type === 'pointerdown').map((s) => s.ms)
  const slow = r.timings.map((t) => t.duration)
  return [
    `  ${label}: input → next frame, all: ${stats(r.samples.map((s) => s.ms))}`,
    `    typing ${stats(keys)} | clicking ${stats(clicks)}`,
    `    Event Timing: ${slow.length} interactions ≥ 16 ms${slow.length ? `, p95 ${ms(pct(slow, 0.95))}, max ${ms(Math.max(...slow))}` : ''}`,
    `    input sent → handled (from outside): ${stats(acks)}`,
    `    long tasks on the main thread: ${r.longTasks.length}, ${ms(r.longTasks.reduce((a, b) => a + b, 0))} in all, max ${ms(Math.max(0, ...r.longTasks))}`
  ]
}

export default async function bench(): Promise<string[]> {
  if (!existsSync(resolve('out/renderer/index.html')))
    return ['skipped: out/renderer is missing; run `npx electron-vite build` first']
  const prof = process.env['BENCH_CPU_PROF']
  const host = spawn(
    process.execPath,
    [
      ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []),
      '--import',
      'tsx',
      fileURLToPath(new URL('files-input-host.ts', import.meta.url)),
      String(N)
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] }
  )
  const exited = new Promise((r) => host.once('exit', r))
  const first = await createInterface({ input: host.stdout })[Symbol.asyncIterator]().next()
  const bridge = JSON.parse(String(first.value ?? '{}')) as { url: string; folder: string; concurrency: number }
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage']
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    // A renderer busy with events delays every action: that delay is what is measured, not a failure.
    page.setDefaultTimeout(15 * 60_000)
    // tsx compiles with keepNames: functions serialised into the page call a global __name helper.
    await page.addInitScript({ content: 'globalThis.__name = (f) => f' })
    await page.addInitScript({ content: await bridgeClientScript() })
    await page.addInitScript(inputProbe)
    await page.goto(`${bridge.url}/index.html`)
    const files = new FilesPage(page)
    await files.open()
    const idleProfile = process.env['BENCH_UI_PROFILE'] === 'idle' ? await startProfile(page) : undefined
    await files.drop([bridge.folder])
    await page.getByTestId('selection').getByText(`${N} files`).waitFor({ timeout: 120_000 })
    await files.addRecipient('bench-key')

    const idleAcks: number[] = []
    for (let i = 0; i < 3; i++) await interact(page, idleAcks)
    const idle = await readProbe(page, true)
    if (idleProfile)
      process.stderr.write(
        `renderer CPU from the drop to the run, self time:\n${(await topFunctions(idleProfile)).join('\n')}\n`
      )
    const loadBefore = load()
    const profile = process.env['BENCH_UI_PROFILE'] && !idleProfile ? await startProfile(page) : undefined
    const cpu0 = processCpuMs(host.pid)
    const t0 = performance.now()
    await files.start.click()
    if (process.env['BENCH_UI_CLOSE_RESULTS']) await page.getByTestId('results-close').click()
    const acks: number[] = []
    let rounds = 0
    while (rounds < ROUNDS && (await page.evaluate(() => window.__probe.done)) < N) {
      await interact(page, acks)
      rounds++
      if (process.env['BENCH_DEBUG'])
        process.stderr.write(
          `round ${rounds} at ${((performance.now() - t0) / 1000).toFixed(1)} s, ${await page.evaluate(() => window.__probe.done)} done\n`
        )
    }
    const during = await readProbe(page, true)
    if (profile)
      process.stderr.write(`renderer CPU during the run, self time:\n${(await topFunctions(profile)).join('\n')}\n`)
    const loadDuring = load()
    if (process.env['BENCH_UI_SHOT']) await page.screenshot({ path: process.env['BENCH_UI_SHOT'] })
    await page
      .getByTestId('batch-done')
      .filter({ hasText: N.toLocaleString('en-US') })
      .waitFor({ timeout: 30 * 60_000 })
    const seconds = (performance.now() - t0) / 1000
    const hostCpu = processCpuMs(host.pid) - cpu0
    const end = await readProbe(page, false)
    const shown = await page.getByTestId('batch-done').textContent()
    return [
      `Files screen input → paint, ${N.toLocaleString('en-US')} files of 1 KiB, encrypt to one key (file concurrency ${bridge.concurrency}; main in its own process); load average ${loadBefore} before, ${loadDuring} during, on ${availableParallelism()} cores`,
      ...describe('idle, before the run', idle, idleAcks),
      ...describe(`during the run (${rounds} rounds, ${during.samples.length} inputs)`, during, acks),
      `  the run: ${seconds.toFixed(1)} s (${(N / seconds).toFixed(0)} files/s); host (main) CPU ${(hostCpu / 1000).toFixed(1)} s, ${(hostCpu / N).toFixed(2)} ms per file; the renderer received ${end.messages} job:updates messages (${end.progress} progress updates, ${end.done} final views); it shows ${shown} done`,
      `  target: p95 input → paint during the run < 100 ms (and inputs handled within 100 ms at p95 seen from outside): ${
        Math.max(
          pct(
            during.samples.map((s) => s.ms),
            0.95
          ),
          pct(acks, 0.95)
        ) < 100
          ? 'met'
          : 'NOT MET'
      }`
    ]
  } finally {
    await browser.close()
    host.stdin.end()
    await exited
  }
}
