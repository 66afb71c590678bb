import { BaseSequencer, type TestSpecification } from 'vitest/node'

/** A test file that starts a child process spends much of its time waiting on it. */
export const WAITS_ON_CHILD = /\b(?:spawn|spawnSync|execFile|execFileSync|execSync|tkmsProcess|runProcess)\(/

/**
 * Vitest's order (per project; longest first from its timing cache, else largest file first), except
 * that within a project the files that wait on child processes go first. On a fresh clone there is
 * no timing cache, and a small file that waited 12 s on a child process ran last, with one
 * worker idle beside it; started first, its waits overlap the other worker's files.
 * `waits` tells, by absolute path, which files do (vitest.config.ts has their sources already).
 */
export function waitingFirst(waits: (moduleId: string) => boolean): typeof BaseSequencer {
  return class WaitingFirst extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      const sorted = await super.sort(files)
      const projects = [...new Set(sorted.map((f) => f.project.name))]
      const rank = (f: TestSpecification): number => projects.indexOf(f.project.name) * 2 + (waits(f.moduleId) ? 0 : 1)
      // Array sort is stable: within a rank, Vitest's own order stays.
      return [...sorted].sort((a, b) => rank(a) - rank(b))
    }
  }
}
