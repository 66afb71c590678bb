/*
 * Percentile bootstrap for a statistic over several groups of runs: each round resamples every group
 * with replacement and recomputes the statistic. Whether a difference between cases is more than the
 * run-to-run noise then reads off the interval (does it contain the value of "no difference"?).
 * Seeded, so a run's printed interval can be reproduced from its samples.
 */
import { seeded } from '../support/seeded'

export type Groups = Record<string, readonly number[]>

/** The [lo, hi] percentile interval (default 90%) of `stat` over `rounds` resamples of `groups`. */
export function bootstrapInterval(
  groups: Groups,
  stat: (g: Groups) => number,
  { rounds = 4000, level = 0.9, seed = 1 } = {}
): [number, number] {
  const rand = seeded(seed)
  const values: number[] = []
  for (let r = 0; r < rounds; r++) {
    const resampled: Record<string, number[]> = {}
    for (const [k, xs] of Object.entries(groups))
      resampled[k] = xs.map(() => xs[Math.floor(rand() * xs.length)] as number)
    values.push(stat(resampled))
  }
  values.sort((a, b) => a - b)
  const at = (q: number): number => values[Math.min(values.length - 1, Math.floor(q * values.length))] as number
  return [at((1 - level) / 2), at((1 + level) / 2)]
}
