/**
 * Posture over 10,000 keys in 3 regions (target: under 200 ms), the way the Overview computes it:
 * the recent-use lookup built from 5,000 activity log entries, then every rule over every key.
 * Printed beside a baseline measured in the same run (one JSON.stringify of the same key set, the
 * least any pass over every field of every key costs) and with the process CPU time per round,
 * which a busy machine inflates far less than wall time. Printed, never asserted.
 */
import { loadavg } from 'node:os'
import type { ActivityEntry } from '@contract/schemas/activity'
import { activityUsage, computePosture, DEFAULT_POSTURE_SETTINGS } from '../../src-main/services/posture'
import { keySet, NOW } from '../unit/main/services/posture/key-set'

const ROUNDS = 9

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? 0
}

function time(fn: () => unknown): { ms: number; cpuMs: number } {
  const c = process.cpuUsage()
  const t = performance.now()
  fn()
  const ms = performance.now() - t
  const u = process.cpuUsage(c)
  return { ms, cpuMs: (u.user + u.system) / 1000 }
}

/** Recent uses of a third of the keys, named the ways people type them (slug, name, "name (identity)"). */
function activity(n: number): ActivityEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const k = (i * 7) % 10_000
    const id = `kms-${k.toString(36).padStart(6, '0')}`
    const key = i % 3 === 0 ? `service-${k}` : i % 3 === 1 ? `service ${k} (${id})` : `${id}, service-${k + 1}`
    return {
      time: new Date(NOW - (i % 40) * 86_400_000).toISOString(),
      profile: 'bench',
      region: ['nl-01', 'nl-02', 'de-01'][k % 3],
      key,
      operation: i % 2 ? 'crypto:encrypt' : 'files:decrypt',
      outcome: 'ok'
    }
  })
}

export default async function bench(): Promise<string[]> {
  const sets = keySet(10_000)
  const log = activity(5_000)
  const run = () => {
    const usage = activityUsage(log, {
      now: NOW,
      recentUseDays: 30,
      localFiles: (_r, id) => (id.endsWith('0') ? 3 : 0)
    })
    return computePosture(sets, { settings: DEFAULT_POSTURE_SETTINGS, usage, now: NOW }).findings.length
  }
  // Warm-up: JIT both paths before measuring.
  for (let i = 0; i < 3; i++) {
    run()
    JSON.stringify(sets)
  }
  const posture: { ms: number; cpuMs: number }[] = []
  const baseline: number[] = []
  let findings = 0
  const load = loadavg()[0] ?? 0
  for (let i = 0; i < ROUNDS; i++) {
    posture.push(time(() => (findings = run())))
    baseline.push(time(() => JSON.stringify(sets)).ms)
  }
  const p = median(posture.map((r) => r.ms))
  const cpu = median(posture.map((r) => r.cpuMs))
  const b = median(baseline)
  return [
    `posture, 10,000 keys / 3 regions + 5,000 activity entries: ${p.toFixed(1)} ms median of ${ROUNDS}, best ${Math.min(...posture.map((r) => r.ms)).toFixed(1)} ms, CPU ${cpu.toFixed(1)} ms (${findings} findings; target < 200 ms) ${p < 200 ? 'meets target' : 'ABOVE TARGET'}`,
    `baseline JSON.stringify of the set: ${b.toFixed(1)} ms median (posture = ${(p / b).toFixed(2)}× baseline); load average ${load.toFixed(1)}`
  ]
}
