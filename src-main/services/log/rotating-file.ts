import { appendFileSync, existsSync, mkdirSync, renameSync, statSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * An append-only text file (0600) that rotates at `maxBytes`: `file` → `file.1` → … →
 * `file.<keep>`, the oldest dropped. Synchronous, so lines of one request stay together.
 */
export function rotatingFile(file: string, o: { maxBytes?: number; keep?: number } = {}): (line: string) => void {
  const maxBytes = o.maxBytes ?? 5 * 1024 * 1024
  const keep = o.keep ?? 3
  let size = -1
  return (line: string) => {
    if (size < 0) {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
      size = existsSync(file) ? statSync(file).size : 0
    }
    const data = line + '\n'
    if (size > 0 && size + Buffer.byteLength(data) > maxBytes) {
      rmSync(`${file}.${keep}`, { force: true })
      for (let i = keep - 1; i >= 1; i--) if (existsSync(`${file}.${i}`)) renameSync(`${file}.${i}`, `${file}.${i + 1}`)
      renameSync(file, `${file}.1`)
      size = 0
    }
    appendFileSync(file, data, { mode: 0o600 })
    size += Buffer.byteLength(data)
  }
}
