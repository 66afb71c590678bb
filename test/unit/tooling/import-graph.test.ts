import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/*
 * The import graph of the main-process services, read from the source text (every static import,
 * `export … from`, `import()` and `require`; type-only imports are left out, as they vanish at run
 * time): the folders of services/ form no cycle (the old one was files ⇄ signing), and the pure file
 * format reaches no file system, not even through what it imports.
 */
const ROOT = 'src-main/services'
const SPEC =
  /(?:^\s*(?:import|export)\s+(type\s+)?(?:[^'"`;]*?\bfrom\s*)?|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/gm

type Graph = Map<string, string[]>

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.posix.join(dir, f.split(path.sep).join('/')))
}

function resolveSpec(from: string, spec: string, files: Set<string>): string | undefined {
  if (!spec.startsWith('.')) return spec
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec))
  return ['.ts', '/index.ts', ''].map((e) => base + e).find((c) => files.has(c)) ?? base
}

/** File → the modules it imports (repository paths for relative imports, names for packages and builtins). */
export function importGraph(files: string[], read: (f: string) => string): Graph {
  const set = new Set(files)
  return new Map(
    files.map((f) => [f, [...read(f).matchAll(SPEC)].filter((m) => !m[1]).map((m) => resolveSpec(f, m[2]!, set)!)])
  )
}

/** The folder of services/ a file belongs to (a top-level file counts as its own folder). */
const folderOf = (f: string) =>
  f.startsWith(`${ROOT}/`)
    ? f
        .slice(ROOT.length + 1)
        .split('/')[0]!
        .replace(/\.ts$/, '')
    : undefined

/** Every cycle between folders of services/, as the folders of each strongly connected component. */
export function folderCycles(graph: Graph): string[][] {
  const edges = new Map<string, Set<string>>()
  for (const [file, deps] of graph) {
    const a = folderOf(file)
    if (!a) continue
    for (const d of deps) {
      const b = folderOf(d)
      if (b && b !== a) edges.set(a, (edges.get(a) ?? new Set()).add(b))
    }
  }
  // Tarjan's strongly connected components.
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  const visit = (v: string) => {
    index.set(v, index.size)
    low.set(v, index.get(v)!)
    stack.push(v)
    onStack.add(v)
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        scc.push(w)
      } while (w !== v)
      if (scc.length > 1) cycles.push(scc.sort())
    }
  }
  for (const v of edges.keys()) if (!index.has(v)) visit(v)
  return cycles
}

/** Everything `start` files reach through the graph (files and module names). */
export function reach(graph: Graph, start: string[]): Set<string> {
  const seen = new Set<string>()
  const todo = [...start]
  while (todo.length) {
    const f = todo.pop()!
    for (const d of graph.get(f) ?? []) {
      if (seen.has(d)) continue
      seen.add(d)
      todo.push(d)
    }
  }
  return seen
}

const NODE = new Set(builtinModules)
const nodeModules = (mods: Iterable<string>) =>
  [...mods].filter((m) => m.startsWith('node:') || NODE.has(m.split('/')[0]!)).map((m) => m.replace(/^node:/, ''))

describe('the services import graph', () => {
  const files = sourceFiles('src-main')
  const graph = importGraph(files, (f) => readFileSync(f, 'utf8'))

  it('reads the real tree', () => {
    expect(files.filter((f) => f.startsWith(`${ROOT}/file-format/`)).length).toBeGreaterThanOrEqual(5)
    expect(graph.get(`${ROOT}/file-jobs/job-runners.ts`)).toContain(`${ROOT}/signing/index.ts`)
  })

  it('has no cycle between folders of services/ (files and signing import one way only)', () => {
    expect(folderCycles(graph)).toEqual([])
  })

  it('finds a cycle when there is one: files → signing → files', () => {
    const bad = new Map(graph)
    bad.set(`${ROOT}/files/x.ts`, [`${ROOT}/signing/index.ts`])
    expect(folderCycles(bad).some((c) => c.includes('files') && c.includes('signing'))).toBe(true)
  })

  it('the pure format reaches no file system and no engine, even indirectly', () => {
    const format = files.filter((f) => f.startsWith(`${ROOT}/file-format/`))
    const reached = reach(graph, format)
    expect(nodeModules(reached).filter((m) => m !== 'crypto')).toEqual([])
    expect([...reached].filter((m) => /\/services\/(files|signing|file-jobs)\//.test(m))).toEqual([])
  })

  it('notices a format file that reaches fs through another module', () => {
    const bad = new Map(graph)
    bad.set(`${ROOT}/file-format/header.ts`, [
      ...(graph.get(`${ROOT}/file-format/header.ts`) ?? []),
      `${ROOT}/files/input-file.ts`
    ])
    const reached = reach(bad, [`${ROOT}/file-format/header.ts`])
    expect(nodeModules(reached)).toContain('fs')
  })
})
