/**
 * Key browser in Chromium: time to show 10,000 keys and per-keystroke filter time, against a peer
 * in the same page: the same 10,000 keys as a plain (non-virtual) <table>, built and filtered
 * with direct DOM code. The renderer is the real build (out/renderer) with window.kms mocked to
 * answer keys:list with 10,000 keys. Printed, never asserted.
 */
import { existsSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { serveApp } from '../../src-main/app/serve-app'

const N = 10_000
const ROUNDS = 5
const QUERIES = ['7', '73', '731', '7315', '731', '73', '7', '', '4', '42', '420', '42', '4', '']
const DEBOUNCE_MS = 60

/** Runs in the page before the app: a window.kms that answers from memory. */
function mockKms(n: number): void {
  const types = ['aes256-gcm96', 'ed25519', 'hmac-sha256', 'rsa-2048', 'ecdsa-p256']
  const statuses = ['active', 'active', 'active', 'disabled', 'pending_deletion']
  const keys = Array.from({ length: n }, (_, i) => ({
    identity: `kms-${(i * 7919 + 104729).toString(36)}${i}`,
    name: `service ${i}`,
    slug: `service-${i}`,
    labels: { env: i % 3 === 0 ? 'prod' : 'dev', team: `t${i % 17}` },
    keyType: types[i % types.length],
    status: statuses[i % statuses.length],
    exportAllowed: false,
    keyRotationEnabled: i % 2 === 0,
    rotationPeriodInDays: i % 2 === 0 ? 90 : null,
    latestVersion: 1 + (i % 4),
    versions: [{ version: 1, createdAt: new Date(1_700_000_000_000 + i * 60_000).toISOString() }],
    createdAt: new Date(1_700_000_000_000 + i * 60_000).toISOString(),
    updatedAt: new Date(1_700_000_000_000 + i * 60_000).toISOString()
  }))
  const answers: Record<string, (req: { id?: string } | undefined) => unknown> = {
    'profiles.list': () => [
      {
        id: 'local-sandbox',
        name: 'Local sandbox',
        kind: 'sandbox',
        endpoint: 'x',
        organisation: 'sandbox',
        auth: { kind: 'pat' },
        createdAt: '',
        updatedAt: '',
        hasSecret: true,
        secretStatus: 'builtin',
        readOnly: true,
        active: true
      }
    ],
    'scope.get': () => ({ profileId: 'local-sandbox', region: 'nl-01' }),
    'kms.summary': () => ({
      featureEnabled: true,
      regions: [
        {
          identity: 'r',
          name: 'NL 01',
          slug: 'nl-01',
          kmsAvailable: true,
          totalKeys: n,
          activeKeys: n,
          disabledKeys: 0,
          pendingDeletionKeys: 0
        }
      ]
    }),
    'kms.projects': () => [],
    'keys.list': () => keys,
    'keys.get': (r) => keys.find((k) => k.identity === r?.id)
  }
  const domain = (d: string) =>
    new Proxy(
      {},
      {
        get: (_t, verb: string) => async (req?: { id?: string }) => {
          const f = answers[`${d}.${verb}`]
          return f
            ? { ok: true, value: f(req) }
            : { ok: false, error: { code: 'internal', message: `${d}.${verb} is not mocked in this benchmark` } }
        }
      }
    )
  const api = { on: () => () => undefined, pathForFile: () => '' }
  ;(window as unknown as { kms: unknown }).kms = new Proxy(api, {
    get: (t, p: string) => (p in t ? t[p as keyof typeof t] : domain(p))
  })
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? NaN
const ms = (x: number) => `${x.toFixed(1)} ms`

/** Navigates to Keys and waits until the count says 10,000 and rows are painted. */
async function renderApp(page: Page): Promise<number> {
  await page.getByTestId('nav-overview').click()
  return page.evaluate(async (n) => {
    const t0 = performance.now()
    document.querySelector<HTMLElement>('[data-testid="nav-keys"]')?.click()
    const label = `${n.toLocaleString()} keys`
    await new Promise<void>((done) => {
      const check = () =>
        document.querySelector('[data-testid="key-row"]') &&
        document.querySelector('[data-testid="keys-count"]')?.textContent?.includes(label)
          ? done()
          : requestAnimationFrame(check)
      check()
    })
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))
    return performance.now() - t0
  }, N)
}

/** Peer: the same rows as a plain <table>, built with DOM calls, until painted. */
async function renderPeer(page: Page, keep = false): Promise<number> {
  return page.evaluate(async (keepTable) => {
    document.getElementById('peer')?.remove()
    const t0 = performance.now()
    const r = await (
      window as unknown as { kms: { keys: { list: () => Promise<{ value: Record<string, string | number>[] }> } } }
    ).kms.keys.list()
    const table = document.createElement('table')
    table.id = 'peer'
    const body = table.createTBody()
    for (const k of r.value) {
      const tr = body.insertRow()
      tr.dataset['text'] = `${k['name']} ${k['slug']} ${k['identity']}`.toLowerCase()
      for (const c of [
        'name',
        'slug',
        'identity',
        'keyType',
        'status',
        'latestVersion',
        'rotationPeriodInDays',
        'createdAt'
      ])
        tr.insertCell().textContent = String(k[c] ?? '')
    }
    document.body.append(table)
    void table.offsetHeight
    await new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)))
    const took = performance.now() - t0
    // A 10,000-row table left in the page would slow every later layout of the app.
    if (!keepTable) table.remove()
    return took
  }, keep)
}

/**
 * Keystroke → result in the app's search box: `dom` when the count text changes (a
 * MutationObserver, so no frame polling is counted), `paint` after the next frame. Both include
 * the debounce.
 */
async function typeApp(page: Page): Promise<{ dom: number[]; paint: number[]; unchanged: number }> {
  return page.evaluate(async (queries) => {
    const input = document.querySelector<HTMLInputElement>('[data-testid="key-search"]')
    const count = document.querySelector('[data-testid="keys-count"]')
    if (!input || !count) throw new Error('the key browser is not on screen')
    const dom: number[] = []
    const paint: number[] = []
    let unchanged = 0
    for (const q of queries) {
      const before = count.textContent
      const t0 = performance.now()
      const changedAt = new Promise<number | undefined>((done) => {
        const obs = new MutationObserver(() => {
          if (count.textContent === before) return
          obs.disconnect()
          done(performance.now())
        })
        obs.observe(count, { subtree: true, childList: true, characterData: true })
        setTimeout(() => (obs.disconnect(), done(undefined)), 1000)
      })
      input.value = q
      input.dispatchEvent(new Event('input', { bubbles: true }))
      const t1 = await changedAt
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))
      if (t1 === undefined) unchanged++
      else {
        dom.push(t1 - t0)
        paint.push(performance.now() - t0)
      }
    }
    return { dom, paint, unchanged }
  }, QUERIES)
}

async function typePeer(page: Page): Promise<number[]> {
  return page.evaluate(async (queries) => {
    const rows = Array.from(document.querySelectorAll<HTMLTableRowElement>('#peer tr'))
    const times: number[] = []
    for (const q of queries) {
      const t0 = performance.now()
      for (const r of rows) r.hidden = q !== '' && !(r.dataset['text'] ?? '').includes(q)
      void document.body.offsetHeight
      await new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)))
      times.push(performance.now() - t0)
    }
    return times
  }, QUERIES)
}

export default async function bench(): Promise<string[]> {
  const root = resolve('out/renderer')
  if (!existsSync(resolve(root, 'index.html')))
    return ['skipped: out/renderer is missing; run `npx electron-vite build` first']
  const http = createServer((req, res) => {
    void serveApp(root, new Request(`app://kms${req.url ?? '/'}`)).then(async (r) => {
      res.writeHead(r.status, Object.fromEntries(r.headers.entries()))
      res.end(Buffer.from(await r.arrayBuffer()))
    })
  })
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage']
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    // tsx compiles with keepNames: functions serialised into the page call a global __name helper.
    await page.addInitScript({ content: 'globalThis.__name = (f) => f' })
    await page.addInitScript(mockKms, N)
    await page.goto(`http://127.0.0.1:${(http.address() as AddressInfo).port}/index.html`)
    await page.getByTestId('nav-keys').waitFor()
    const app: number[] = []
    const peer: number[] = []
    for (let i = 0; i < ROUNDS; i++) {
      app.push(await renderApp(page))
      peer.push(await renderPeer(page))
    }
    const keysApp = await typeApp(page)
    await renderPeer(page, true)
    const keysPeer = await typePeer(page)
    const rowsInDom = await page.locator('[data-testid="key-row"]').count()
    return [
      `render ${N.toLocaleString()} keys (nav → painted, ${ROUNDS} rounds alternated), median: key browser ${ms(median(app))} (${rowsInDom} rows in the DOM) | plain <table> ${ms(median(peer))} | ratio ${(median(app) / median(peer)).toFixed(2)}×`,
      `filter per keystroke (${keysApp.dom.length} keystrokes${keysApp.unchanged ? `, ${keysApp.unchanged} left the count unchanged and are not timed` : ''}), key browser with its ${DEBOUNCE_MS} ms debounce:`,
      `  input → DOM updated median ${ms(median(keysApp.dom))}, p95 ${ms(p95(keysApp.dom))} (work after the debounce ≈ median ${ms(median(keysApp.dom) - DEBOUNCE_MS)}, p95 ${ms(p95(keysApp.dom) - DEBOUNCE_MS)})`,
      `  input → painted median ${ms(median(keysApp.paint))}, p95 ${ms(p95(keysApp.paint))}`,
      `  peer plain <table> toggling row.hidden, no debounce: median ${ms(median(keysPeer))}, p95 ${ms(p95(keysPeer))}`
    ]
  } finally {
    await browser.close()
    await new Promise<void>((r) => http.close(() => r()))
  }
}
