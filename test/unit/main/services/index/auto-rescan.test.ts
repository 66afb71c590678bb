import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { closeSharedPool, encryptFile } from '../../../../../src-main/services/files'
import {
  AutoRescan,
  INDEX_FILE_NAME,
  LocalIndex,
  nodeWatcher,
  type FolderWatcher,
  type RescanClock
} from '../../../../../src-main/services/index'
import { KEY_A, KEY_B, kmsWith, tempDir } from '../file-helpers'

/** A clock that only moves when the test says so. */
function fakeClock() {
  let now = 0
  let seq = 0
  const timers = new Map<number, { at: number; fn: () => void }>()
  const clock: RescanClock = {
    setTimeout: (fn, ms) => (timers.set(++seq, { at: now + ms, fn }), seq),
    clearTimeout: (h) => void timers.delete(h as number)
  }
  return {
    clock,
    pending: () => timers.size,
    /** Moves time on, firing what falls due in order. */
    advance(ms: number) {
      const end = now + ms
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0]
        if (!due) break
        timers.delete(due[0])
        now = due[1].at
        due[1].fn()
      }
      now = end
    }
  }
}

/** A watcher the test fires by hand, beside the real one. */
function manualWatcher() {
  const live = new Map<string, () => void>()
  const watcher: FolderWatcher = (folder, onChange) => {
    live.set(folder, onChange)
    return { close: () => void live.delete(folder) }
  }
  return { watcher, live, fire: (folder: string) => live.get(folder)?.() }
}

describe('automatic rescan of watched folders', () => {
  let dir: string
  let cleanup: () => Promise<void>
  let auto: AutoRescan | undefined
  const kms = kmsWith(KEY_A, KEY_B)
  beforeEach(async () => ({ dir, cleanup } = await tempDir()))
  afterEach(async () => {
    auto?.stop()
    await auto?.idle()
    auto = undefined
    await cleanup()
  })
  afterAll(() => closeSharedPool())

  async function encrypted(rel: string, recipients = [KEY_A]): Promise<string> {
    const input = join(dir, 'plain.txt')
    await writeFile(input, 'secret')
    const output = join(dir, rel)
    await mkdir(join(output, '..'), { recursive: true })
    await encryptFile({ input, output, recipients, wrapper: kms })
    return output
  }

  async function watched(...folders: string[]): Promise<LocalIndex> {
    const idx = new LocalIndex({ file: join(dir, 'state', INDEX_FILE_NAME) })
    await idx.load()
    for (const f of folders) {
      await mkdir(f, { recursive: true })
      await idx.addWatch(f)
    }
    return idx
  }

  it('rescans at start, after the start delay, without a manual rescan', async () => {
    const idx = await watched(join(dir, 'w'))
    await encrypted('w/before-start.tkms')
    const t = fakeClock()
    auto = new AutoRescan({
      index: idx,
      everyMinutes: () => 15,
      clock: t.clock,
      watcher: manualWatcher().watcher,
      startDelayMs: 5_000
    })
    auto.start()
    t.advance(4_999)
    await auto.idle()
    expect(idx.countUsingKey(KEY_A.region, KEY_A.identity)).toBe(0)
    t.advance(1)
    await auto.idle()
    expect(idx.countUsingKey(KEY_A.region, KEY_A.identity)).toBe(1)
  })

  it('a file added under a watched folder (in a new subfolder) shows up after the real fs.watch fires and the debounce passes', async () => {
    const folder = join(dir, 'w')
    const idx = await watched(folder)
    const t = fakeClock()
    const scan = vi.spyOn(idx, 'scan')
    auto = new AutoRescan({
      index: idx,
      everyMinutes: () => 0,
      clock: t.clock,
      watcher: nodeWatcher,
      startDelayMs: 60_000,
      debounceMs: 2_000
    })
    auto.start()
    const armed = t.pending()
    const added = await encrypted('w/new/deeper/added.tkms', [KEY_B])
    // The change arms the debounce timer (the watcher's events arrive on their own time).
    await vi.waitFor(() => expect(t.pending()).toBeGreaterThan(armed), { timeout: 5_000 })
    expect(scan).not.toHaveBeenCalled()
    t.advance(2_000)
    await auto.idle()
    expect(idx.filesUsingKey(KEY_B.region, KEY_B.identity).map((f) => f.path)).toEqual([added])
    // A burst of events made one scan, not one per event.
    expect(scan).toHaveBeenCalledTimes(1)
  })

  it('debounces a burst of changes into one scan and rescans periodically, as often as the setting says', async () => {
    const folder = join(dir, 'w')
    const idx = await watched(folder)
    const t = fakeClock()
    const m = manualWatcher()
    let every = 15
    const scan = vi.spyOn(idx, 'scan')
    auto = new AutoRescan({
      index: idx,
      everyMinutes: () => every,
      clock: t.clock,
      watcher: m.watcher,
      startDelayMs: 1_000,
      debounceMs: 2_000
    })
    auto.start()
    t.advance(1_000)
    await auto.idle()
    expect(scan).toHaveBeenCalledTimes(1)
    for (let i = 0; i < 5; i++) {
      m.fire(folder)
      t.advance(500)
    }
    t.advance(2_000)
    await auto.idle()
    expect(scan).toHaveBeenCalledTimes(2)
    await encrypted('w/periodic.tkms')
    t.advance(15 * 60_000)
    await auto.idle()
    expect(scan).toHaveBeenCalledTimes(3)
    expect(idx.countUsingKey(KEY_A.region, KEY_A.identity)).toBe(1)
    // Off: no periodic scan, but the setting is looked at again.
    every = 0
    t.advance(15 * 60_000)
    await auto.idle()
    expect(scan).toHaveBeenCalledTimes(3)
    t.advance(60 * 60_000)
    await auto.idle()
    expect(scan).toHaveBeenCalledTimes(3)
    // Back on: the minute check scans, then every 5 minutes.
    every = 5
    t.advance(60_000)
    await auto.idle()
    expect(scan).toHaveBeenCalledTimes(4)
    await vi.waitFor(() => expect(t.pending()).toBe(1))
    t.advance(5 * 60_000)
    await auto.idle()
    expect(scan).toHaveBeenCalledTimes(5)
  })

  it('never scans twice at once: requests made during a scan are merged into one follow-up run', async () => {
    const a = join(dir, 'a')
    const idx = await watched(a)
    let running = 0
    let most = 0
    let release: () => void = () => undefined
    const gate = new Promise<void>((r) => (release = r))
    const real = idx.scan.bind(idx)
    const scan = vi.spyOn(idx, 'scan').mockImplementation(async (folder) => {
      most = Math.max(most, ++running)
      await gate
      try {
        return await real(folder)
      } finally {
        running--
      }
    })
    const m = manualWatcher()
    const t = fakeClock()
    auto = new AutoRescan({
      index: idx,
      everyMinutes: () => 15,
      clock: t.clock,
      watcher: m.watcher,
      startDelayMs: 10,
      debounceMs: 10
    })
    auto.start()
    t.advance(10)
    const manual = [auto.rescanAll(), auto.rescanAll()]
    m.fire(a)
    t.advance(10)
    release()
    const results = await Promise.all(manual)
    await auto.idle()
    expect(most).toBe(1)
    // The start scan, then one merged run for both manual requests and the change.
    expect(scan).toHaveBeenCalledTimes(2)
    expect(results[0]).toEqual([expect.objectContaining({ folder: a, indexed: 0 })])
  })

  it('a watched folder that was removed is reported, not crashed on; the others are still scanned and it comes back when restored', async () => {
    const gone = join(dir, 'gone')
    const kept = join(dir, 'kept')
    const idx = await watched(gone, kept)
    const t = fakeClock()
    const seen: unknown[][] = []
    auto = new AutoRescan({
      index: idx,
      everyMinutes: () => 15,
      clock: t.clock,
      watcher: nodeWatcher,
      startDelayMs: 60_000,
      debounceMs: 100,
      onRescan: (r) => seen.push(r)
    })
    auto.start()
    await encrypted('kept/k.tkms')
    await rm(gone, { recursive: true })
    t.advance(60_000)
    await auto.idle()
    const results = await auto.rescanAll()
    expect(results).toEqual([
      { folder: gone, error: expect.stringContaining('is not a folder that can be read') },
      expect.objectContaining({ folder: kept, indexed: 1 })
    ])
    expect(seen.length).toBeGreaterThan(0)
    expect(idx.watchList()).toEqual([gone, kept])
    await encrypted('gone/back.tkms', [KEY_B])
    t.advance(15 * 60_000)
    await auto.idle()
    expect(idx.countUsingKey(KEY_B.region, KEY_B.identity)).toBe(1)
  })

  it('follows the watch list: a folder added later is watched, one removed is no longer scanned', async () => {
    const a = join(dir, 'a')
    const b = join(dir, 'b')
    const idx = await watched(a)
    const m = manualWatcher()
    const t = fakeClock()
    auto = new AutoRescan({
      index: idx,
      everyMinutes: () => 15,
      clock: t.clock,
      watcher: m.watcher,
      startDelayMs: 10,
      debounceMs: 10
    })
    auto.start()
    expect([...m.live.keys()]).toEqual([a])
    await mkdir(b)
    await idx.addWatch(b)
    expect([...m.live.keys()].sort()).toEqual([a, b])
    await idx.removeWatch(a)
    expect([...m.live.keys()]).toEqual([b])
    const scan = vi.spyOn(idx, 'scan')
    t.advance(10)
    await auto.idle()
    expect(scan.mock.calls.map((c) => c[0])).toEqual([b])
  })
})
