import { readFileSync } from 'node:fs'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/** A test file that starts a child process spends much of its time waiting on it. */
const WAITS_ON_CHILD = /\b(?:spawn|spawnSync|execFile|execFileSync|execSync|tkmsProcess|runProcess)\(/

/**
 * Vitest's order (per project; longest first from its timing cache, else largest file first), except
 * that within a project the files that wait on child processes go first. On a fresh clone there is
 * no timing cache, and a small file that waits 12 s (the Electronegativity test) ran last, with one
 * worker idle beside it; started first, its waits overlap the other worker's files.
 */
export default class WaitingFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const rank = new Map(sorted.map((f, i) => [f, i]))
    const projectRank = new Map<string, number>()
    for (const f of sorted) if (!projectRank.has(f.project.name)) projectRank.set(f.project.name, projectRank.size)
    const waits = new Map(sorted.map((f) => [f, WAITS_ON_CHILD.test(readFileSync(f.moduleId, 'utf8'))]))
    const key = (f: TestSpecification): [number, number, number] => [
      projectRank.get(f.project.name) ?? 0,
      waits.get(f) ? 0 : 1,
      rank.get(f) ?? 0
    ]
    return [...sorted].sort((a, b) => {
      const [x, y] = [key(a), key(b)]
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]
    })
  }
}
