/** Time source of the sandbox; tests inject a manual clock to drive rotation and purge. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

export type ManualClock = Clock & { advance(ms: number): void; set(d: Date): void }

/** A clock that only moves when told to, so scheduled rotation and purge are deterministic. */
export function createManualClock(start: Date = new Date('2026-01-01T00:00:00.000Z')): ManualClock {
  let t = start.getTime()
  return {
    now: () => new Date(t),
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance(ms) needs a finite, non-negative number')
      t += ms
    },
    set(d: Date) {
      t = d.getTime()
    }
  }
}
