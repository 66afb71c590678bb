import { describe, expect, it } from 'vitest'
import { bootstrapInterval } from '../../bench/bootstrap'
import { median } from '../../bench/engine-bundle'

const ratio = (g: Record<string, readonly number[]>): number => median([...(g.a ?? [])]) / median([...(g.b ?? [])])
/** Run times of one case, as a bench records them: about a second, a tenth apart. */
const baseline = [0.98, 0.94, 1.05, 0.92, 1.01, 0.96, 1.03, 0.9]
const against = (a: number[]): [number, number] => bootstrapInterval({ a, b: baseline }, ratio)

describe('bootstrapInterval', () => {
  it('contains 1 when two cases are drawn from the same spread of runs', () => {
    const [lo, hi] = against([0.91, 1.02, 0.95, 0.99, 1.07, 0.93, 1.0, 0.97])
    expect(lo).toBeLessThan(1)
    expect(hi).toBeGreaterThan(1)
  })

  it('excludes 1 when one case is clearly slower than the other', () => {
    const [lo, hi] = against([1.31, 1.4, 1.35, 1.28, 1.44, 1.33, 1.38, 1.3])
    expect(lo).toBeGreaterThan(1.2)
    expect(hi).toBeLessThan(1.6)
  })

  it('is reproducible from its seed and narrows as the level drops', () => {
    const g = { a: [1, 2, 3, 4, 5, 6], b: [2, 3, 4, 5, 6, 7] }
    expect(bootstrapInterval(g, ratio, { seed: 7 })).toEqual(bootstrapInterval(g, ratio, { seed: 7 }))
    const [lo90, hi90] = bootstrapInterval(g, ratio, { level: 0.9 })
    const [lo50, hi50] = bootstrapInterval(g, ratio, { level: 0.5 })
    expect(hi50 - lo50).toBeLessThan(hi90 - lo90)
  })
})
