import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPORT_COLUMNS } from '../../../../src-main/services/posture'
import { errorOf, ok, setup } from './helpers'

const EVIL = '<img src=x onerror=alert(1)>'
let t: Awaited<ReturnType<typeof setup>>
beforeAll(async () => {
  t = await setup()
  ok(
    await t.run([
      'keys',
      'create',
      'tidy',
      '--type',
      'aes256-gcm96',
      '--label',
      'owner=sec',
      '--label',
      'env=prod',
      '--rotation-days',
      '90'
    ])
  )
  ok(
    await t.run([
      'keys',
      'create',
      'messy',
      '--type',
      'aes256-gcm96',
      '--exportable',
      '--label',
      `note=a,b "c"\nd`,
      '--label',
      `owner=${EVIL}`
    ])
  )
}, 90_000)
afterAll(async () => t?.cleanup())

/** A small RFC 4180 reader (quoted cells with commas, doubled quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  const endCell = () => {
    row.push(cell)
    cell = ''
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') endCell()
    else if (ch === '\r' && text[i + 1] === '\n') {
      endCell()
      rows.push(row)
      row = []
      i++
    } else cell += ch
  }
  return rows
}

describe('tkms report', { timeout: 120_000 }, () => {
  it('CSV: one row per key, the documented columns, quoting that survives commas, quotes and newlines', async () => {
    const r = ok(await t.run(['report', '--format', 'csv']))
    const rows = parseCsv(r.stdout)
    expect(rows[0]).toEqual([...REPORT_COLUMNS])
    expect(rows).toHaveLength(3)
    const col = (name: string) => REPORT_COLUMNS.indexOf(name as (typeof REPORT_COLUMNS)[number])
    const messy = rows.find((x) => x[col('name')] === 'messy')!
    expect(JSON.parse(messy[col('labels')]!)).toEqual({ note: 'a,b "c"\nd', owner: EVIL })
    expect(messy[col('exportAllowed')]).toBe('true')
    expect(messy[col('findings')]!.split(' ').sort()).toEqual(['export-allowed', 'missing-labels', 'rotation-off'])
    const tidy = rows.find((x) => x[col('name')] === 'tidy')!
    expect(tidy[col('findings')]).toBe('')
    expect(tidy[col('rotationPeriodDays')]).toBe('90')
    expect(Date.parse(tidy[col('nextRotationDue')]!)).toBeGreaterThan(Date.now())
  })

  it('JSON: scope, time, profile, summary and keys', async () => {
    const j = ok(await t.run(['report', '--format', 'json'])).json<{
      format: string
      profile: string
      generatedAt: string
      scope: { regions: string[] }
      summary: { keys: number; findingsByRule: Record<string, number> }
      keys: { name: string }[]
    }>()
    expect(j).toMatchObject({
      format: 'tkms-inventory',
      profile: 'test',
      summary: { keys: 2, findingsByRule: { 'export-allowed': 1, 'missing-labels': 1, 'rotation-off': 1 } }
    })
    expect(j.scope.regions).toContain('nl-01')
    expect(Math.abs(Date.parse(j.generatedAt) - Date.now())).toBeLessThan(120_000)
  })

  it('HTML to --out: one self-contained file, no script, every label escaped; an existing file is kept', async () => {
    const out = join(t.dir, 'inventory.html')
    ok(await t.run(['report', '--format', 'html', '--out', out]))
    const html = await readFile(out, 'utf8')
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//i)
    expect(html).toContain("default-src 'none'")
    await writeFile(out, 'keep me')
    const again = await t.run(['--output', 'json', 'report', '--format', 'html', '--out', out])
    expect(again.code).toBe(3)
    expect(errorOf(again).code).toBe('exists')
    expect(await readFile(out, 'utf8')).toBe('keep me')
    ok(await t.run(['report', '--format', 'html', '--out', out, '--force']))
    expect(await readFile(out, 'utf8')).toMatch(/^<!doctype html>/)
  })

  it('refuses an unknown format and names the choices', async () => {
    const r = await t.run(['report', '--format', 'xml'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/csv, json, html|csv.*json.*html/)
  })
})
