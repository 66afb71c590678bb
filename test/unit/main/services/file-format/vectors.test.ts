import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeSharedPool, decryptFile, FileError, type DataKeyWrapper } from '../../../../../src-main/services/files'
import { tempDir } from '../file-helpers'
import { buildVector, VECTORS } from './vector-builder'

/** Parses the ```text vector-N blocks of docs/file-format.md into field → value. */
function docVectors(md: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>()
  for (const m of md.matchAll(/```text (vector-\d+)\n([\s\S]*?)```/g)) {
    const fields: Record<string, string> = {}
    let last = ''
    for (const line of (m[2] ?? '').split('\n')) {
      if (line.trim() === '') continue
      if (line.startsWith(' ')) fields[last] += line.trim()
      else {
        const i = line.indexOf(':')
        last = line.slice(0, i)
        fields[last] = line.slice(i + 1).trim()
      }
    }
    out.set(m[1] ?? '', fields)
  }
  return out
}

let dir = ''
let cleanup: () => Promise<void> = async () => undefined
let doc = new Map<string, Record<string, string>>()

beforeAll(async () => {
  ;({ dir, cleanup } = await tempDir())
  doc = docVectors(await readFile(new URL('../../../../../docs/file-format.md', import.meta.url), 'utf8'))
})
afterAll(async () => {
  await closeSharedPool()
  await cleanup()
})

describe('docs/file-format.md test vectors', () => {
  it('the spec contains every vector', () => {
    expect([...doc.keys()]).toEqual(Object.keys(VECTORS))
  })

  for (const [id, spec] of Object.entries(VECTORS)) {
    it(`${id}: the implementation writes exactly the documented bytes`, async () => {
      expect(await buildVector(spec)).toEqual(doc.get(id))
    })

    it(`${id}: the implementation reads the documented file`, async () => {
      const file = Buffer.from(doc.get(id)?.file ?? '', 'hex')
      await writeFile(join(dir, `${id}.tkms`), file)
      const wrapper: DataKeyWrapper = {
        wrap: async () => {
          throw new Error('not used')
        },
        unwrap: async (_r, c) => {
          expect(c).toBe(spec.recipient.ciphertext)
          return Buffer.from(spec.dataKey)
        }
      }
      const r = await decryptFile({ input: join(dir, `${id}.tkms`), outputDir: dir, wrapper })
      expect(r.output).toBe(join(dir, spec.name ?? id))
      expect((await readFile(r.output)).equals(spec.plaintext)).toBe(true)
      // The same file with a wrong data key fails at the header MAC (key commitment).
      const wrong: DataKeyWrapper = { ...wrapper, unwrap: async () => Buffer.alloc(32, 7) }
      const e = await decryptFile({
        input: join(dir, `${id}.tkms`),
        output: join(dir, `${id}.wrong`),
        wrapper: wrong
      }).catch((x: unknown) => x)
      expect(e).toBeInstanceOf(FileError)
      expect((e as FileError).code).toBe('integrity')
    })
  }
})
