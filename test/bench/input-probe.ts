/**
 * In-page side of files-input.bench.ts: times each keystroke and click from the event's timestamp
 * to the task after the next animation frame (the frame that shows its effect), keeps the Event
 * Timing API's entries of 16 ms and more, and counts the job events the renderer receives.
 */
import type { Page } from 'playwright-core'

export interface ProbeReport {
  samples: { type: string; ms: number }[]
  /** Event Timing entries of 16 ms and more, one per interaction (its longest event). */
  timings: { name: string; duration: number }[]
  /** Long tasks (50 ms and more) on the renderer's main thread. */
  longTasks: number[]
  /** Job progress updates and final job views in the job:updates messages received since the page opened, and those messages. */
  progress: number
  done: number
  messages: number
}

declare global {
  interface Window {
    __probe: ProbeReport
  }
}

/** Runs in the page before the app (page.addInitScript), after the bridge defined window.kms. */
export function inputProbe(): void {
  const probe: ProbeReport = { samples: [], timings: [], longTasks: [], progress: 0, done: 0, messages: 0 }
  const seen = new Map<number, { name: string; duration: number }>()
  window.__probe = probe
  for (const type of ['keydown', 'pointerdown']) {
    addEventListener(
      type,
      (e) => {
        const t0 = e.timeStamp
        requestAnimationFrame(() => {
          // A message posted from the frame callback runs once that frame has been produced.
          const ch = new MessageChannel()
          ch.port1.onmessage = () => probe.samples.push({ type, ms: performance.now() - t0 })
          ch.port2.postMessage(0)
        })
      },
      { capture: true }
    )
  }
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as (PerformanceEventTiming & { interactionId?: number })[]) {
      if (!e.interactionId) continue
      const had = seen.get(e.interactionId)
      if (had) had.duration = Math.max(had.duration, e.duration)
      else {
        const t = { name: e.name, duration: e.duration }
        seen.set(e.interactionId, t)
        probe.timings.push(t)
      }
    }
  }).observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit)
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) probe.longTasks.push(e.duration)
  }).observe({ type: 'longtask' })
  window.kms.on('job:updates', (m) => {
    probe.progress += m.progress.length
    probe.done += m.done.length
    probe.messages++
  })
}

/** The probe's report; `reset` starts the next measurement window (the event counts keep going). */
export async function readProbe(page: Page, reset: boolean): Promise<ProbeReport> {
  return page.evaluate((r) => {
    const p = window.__probe
    const out = {
      ...p,
      samples: [...p.samples],
      timings: p.timings.map((t) => ({ ...t })),
      longTasks: [...p.longTasks]
    }
    if (r) {
      p.samples.length = 0
      p.timings.length = 0
      p.longTasks.length = 0
    }
    return out
  }, reset)
}
