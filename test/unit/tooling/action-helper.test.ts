import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/*
 * Every screen runs its calls through the one action helper (lib/stores/action.svelte.ts) and its
 * reads through the loader beside it: neither forgets the busy flag, the error copy or a late
 * answer. This reads the source of src-renderer/src/features and fails on a hand-made busy flag,
 * error state or error toast there. A place that truly needs its own goes in ALLOWED, with why.
 */
const ROOT = 'src-renderer/src/features'

const RULES: { what: string; pattern: RegExp }[] = [
  {
    what: 'its own busy flag (use Action: busy, doing, running(what))',
    pattern: /\b(?:\w*[bB]usy|saving|starting|submitting|working|pending|loading|inFlight)\s*=\s*\$state\b/
  },
  { what: 'its own error state (use Action in panel mode, or Loader)', pattern: /\berror\s*=\s*\$state\b/ },
  { what: 'a hand-made error toast (use Action in toast mode)', pattern: /\btoasts\.push\(\s*'error'/ }
]

/** `file: what` → why this place keeps its own. Empty: no screen needs one today. */
const ALLOWED: Record<string, string> = {}

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.svelte') || f.endsWith('.ts'))
    .map((f) => path.posix.join(dir, f.split(path.sep).join('/')))
}

/** `file:line: what` for every line breaking a rule. */
function findings(file: string, text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, i) => RULES.filter((r) => r.pattern.test(line)).map((r) => `${file}:${i + 1}: ${r.what}`))
}

const allowed = (finding: string) => Object.keys(ALLOWED).some((k) => finding.replace(/:\d+:/, ':') === k)

describe('the one action helper', () => {
  it('catches each hand-made busy flag, error state and error toast, and leaves the helper alone', () => {
    const probe = [
      'let busy = $state(false)',
      '  let saving = $state<boolean>(false)',
      'exportBusy = $state<string | undefined>()',
      'let error = $state<AppError | undefined>()',
      "      toasts.push('error', err.message, err.hint)",
      'const busy = $derived(action.busy)',
      "toasts.push('ok', 'Saved')",
      'let running = $state<{ action: BulkAction } | undefined>()'
    ].join('\n')
    expect(findings('x.svelte', probe).map((f) => f.split(': ')[0])).toEqual([
      'x.svelte:1',
      'x.svelte:2',
      'x.svelte:3',
      'x.svelte:4',
      'x.svelte:5'
    ])
  })

  it('finds none in the screens, outside the allowed places', () => {
    const files = sources(ROOT)
    expect(files.length).toBeGreaterThan(50)
    const found = files.flatMap((f) => findings(f, readFileSync(f, 'utf8')))
    expect(found.filter((f) => !allowed(f))).toEqual([])
  })

  it('keeps the allow-list honest: each entry has a reason and still matches a place', () => {
    const found = sources(ROOT).flatMap((f) => findings(f, readFileSync(f, 'utf8')))
    for (const [place, why] of Object.entries(ALLOWED)) {
      expect(why.trim().length, place).toBeGreaterThan(10)
      expect(
        found.some((f) => f.replace(/:\d+:/, ':') === place),
        place
      ).toBe(true)
    }
  })
})
