/**
 * Posture over 10,000 keys in 3 regions (target: under 200 ms on a workstation), printed beside a
 * baseline measured in the same run: one JSON.stringify of the same key set, the least any pass
 * over every field of every key costs. Printed, never asserted.
 */
import { computePosture, DEFAULT_POSTURE_SETTINGS } from '../../src-main/services/posture'
import { keySet, NOW } from '../unit/posture/key-set'

const ROUNDS = 7

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? 0
}

function time(fn: () => unknown): number {
  const t = performance.now()
  fn()
  return performance.now() - t
}

export default async function bench(): Promise<string[]> {
  const sets = keySet(10_000)
  // Warm-up: JIT both paths once before measuring.
  computePosture(sets, { settings: DEFAULT_POSTURE_SETTINGS, now: NOW })
  JSON.stringify(sets)
  const posture: number[] = []
  const baseline: number[] = []
  let findings = 0
  for (let i = 0; i < ROUNDS; i++) {
    posture.push(time(() => (findings = computePosture(sets, { settings: DEFAULT_POSTURE_SETTINGS, now: NOW }).findings.length)))
    baseline.push(time(() => JSON.stringify(sets)))
  }
  const p = median(posture)
  const b = median(baseline)
  return [
    `posture, 10,000 keys / 3 regions: ${p.toFixed(1)} ms median of ${ROUNDS} (${findings} findings; target < 200 ms)`,
    `baseline JSON.stringify of the set: ${b.toFixed(1)} ms median (posture = ${(p / b).toFixed(2)}× baseline)`
  ]
}
