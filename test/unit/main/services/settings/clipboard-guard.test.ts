import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createCore } from '../../../../../src-main/services/core'
import { memoryBackend } from '../../../../../src-main/services/credentials/store'
import { headlessPlatform } from '../../../../../src-main/services/platform'
import { ClipboardGuard, type Timers } from '../../../../../src-main/services/settings/clipboard-guard'

/** Timers the test fires by hand: no waiting, no wall clock. */
function manualTimers(): Timers & { fire(): void; armed(): number } {
  const pending = new Map<number, () => void>()
  let next = 1
  return {
    setTimeout: (fn) => (pending.set(next, fn), next++),
    clearTimeout: (h) => void pending.delete(h as number),
    fire() {
      const fns = [...pending.values()]
      pending.clear()
      for (const f of fns) f()
    },
    armed: () => pending.size
  }
}
const settle = () => new Promise((r) => setTimeout(r, 0))
function guarded(): {
  platform: ReturnType<typeof headlessPlatform>
  timers: ReturnType<typeof manualTimers>
  guard: ClipboardGuard
} {
  const platform = headlessPlatform()
  const timers = manualTimers()
  return { platform, timers, guard: new ClipboardGuard(platform, () => 30, timers) }
}

describe('sensitive clipboard copies are cleared', () => {
  it('after the delay, when the clipboard still holds our copy', async () => {
    const { platform, timers, guard } = guarded()
    expect(await guard.copy('thalassa:v1:secret', true)).toEqual({ clearsInSeconds: 30 })
    expect(platform.clipboard).toBe('thalassa:v1:secret')
    timers.fire()
    await settle()
    expect(platform.clipboard).toBe('')
  })

  it('never clears what another program copied meanwhile, nor a non-sensitive copy', async () => {
    const { platform, timers, guard } = guarded()
    await guard.copy('secret', true)
    await platform.writeClipboard('copied elsewhere')
    timers.fire()
    await settle()
    expect(platform.clipboard).toBe('copied elsewhere')
    expect(await guard.copy('key-identity', false)).toEqual({ clearsInSeconds: 0 })
    await guard.close()
    expect(platform.clipboard).toBe('key-identity')
  })

  it('on quit, before the delay has run out', async () => {
    const { platform, timers, guard } = guarded()
    await guard.copy('secret', true)
    await guard.close()
    expect(platform.clipboard).toBe('')
    expect(timers.armed()).toBe(0)
  })

  it('on quit of the whole core (what the app runs at will-quit)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tkms-clip-'))
    const platform = headlessPlatform()
    const core = await createCore({
      dataDir,
      appName: 'test',
      appVersion: '0',
      platform,
      secretBackend: memoryBackend(),
      env: {},
      home: dataDir
    })
    try {
      await core.clipboard.copy('decrypted text', true)
      expect(platform.clipboard).toBe('decrypted text')
    } finally {
      await core.close()
      await rm(dataDir, { recursive: true, force: true })
    }
    expect(platform.clipboard).toBe('')
  })
})
