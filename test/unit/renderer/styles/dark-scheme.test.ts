import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/*
 * The dark scheme changes colours and nothing else: every `prefers-color-scheme` block in the
 * renderer only gives custom properties colour values. The UI tests rely on it: their dark axe pass
 * runs only the colour rules (test/e2e/pages/axe.ts), as every other rule sees the same page in both
 * schemes. A block that hides, sizes or moves something in one scheme, or script that asks for the
 * scheme, fails here, and the dark pass must then run every rule again.
 */
const COLOUR = /^(#[0-9a-f]{3,8}|(rgba?|hsla?|hwb|lab|lch|oklab|oklch)\([^;{}]*\)|transparent)$/i

/** What in one file's text would make the two schemes differ in more than colour. */
export function schemeFindings(file: string, text: string): string[] {
  const found: string[] = []
  const media = /@media\s*\(\s*prefers-color-scheme\s*:\s*(?:dark|light)\s*\)\s*\{/g
  let blocks = 0
  // Each block is matched, nested ones too (the search goes on from the end of a block's prelude).
  for (let m = media.exec(text); m; m = media.exec(text)) {
    // The block's extent, by its braces.
    const start = m.index + m[0].length
    let depth = 1
    let end = start
    for (; end < text.length && depth > 0; end++) {
      if (text[end] === '{') depth++
      else if (text[end] === '}') depth--
    }
    const body = text.slice(start, end - 1)
    for (const decl of body.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{};]+?):([^{};]+)(?=;|\s*})/g)) {
      const [prop, value] = [decl[1]!.trim(), decl[2]!.trim()]
      if (!prop.startsWith('--') || !COLOUR.test(value)) found.push(`${file}: ${prop}: ${value}`)
    }
    blocks++
  }
  // Any other mention (matchMedia in script, a media attribute) lets the scheme reach more than colour.
  const all = (text.match(/prefers-color-scheme/g) ?? []).length
  if (all > blocks) found.push(`${file}: prefers-color-scheme outside a colour-only @media block`)
  return found
}

const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(css|svelte|ts|html)$/.test(f))
    .map((f) => join(dir, f))

describe('the dark scheme changes colours only', () => {
  it('every prefers-color-scheme block in the renderer sets colour custom properties, and nothing else asks', () => {
    const sources = [...files('src-renderer/src'), 'src-renderer/index.html']
    const withScheme = sources.filter((f) => readFileSync(f, 'utf8').includes('prefers-color-scheme'))
    // The check has something to hold: the app has a dark scheme.
    expect(withScheme).toContain(join('src-renderer/src/styles/global.css'))
    expect(sources.flatMap((f) => schemeFindings(f, readFileSync(f, 'utf8')))).toEqual([])
  })

  describe('the check itself', () => {
    const dark = (body: string) => `:root { --x: #fff }\n@media (prefers-color-scheme: dark) {\n${body}\n}\n`

    it('accepts colour values in custom properties, in any colour notation', () => {
      expect(
        schemeFindings('a.css', dark(':root { --bg: #0f1720; --t: rgb(1 2 3 / 50%); --u: oklch(0.7 0.1 250) }'))
      ).toEqual([])
    })

    it.each([
      ['a property that is not custom', '.x { display: none }', 'display: none'],
      ['a custom property that is not a colour', ':root { --radius: 2px }', '--radius: 2px'],
      ['a colour given straight to an element', 'body { color: #fff }', 'color: #fff']
    ])('refuses %s', (_what, body, shown) => {
      const found = schemeFindings('a.css', dark(body))
      expect(found).toHaveLength(1)
      expect(found[0]).toContain(shown)
    })

    it('refuses script that asks for the scheme', () => {
      expect(schemeFindings('a.ts', "matchMedia('(prefers-color-scheme: dark)')")).toEqual([
        'a.ts: prefers-color-scheme outside a colour-only @media block'
      ])
    })
  })
})
