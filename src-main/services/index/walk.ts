import { opendir } from 'node:fs/promises'
import { join } from 'node:path'

const ENCRYPTED_SUFFIX = '.tkms'

/**
 * Every regular `*.tkms` file under `dir`, depth first. Symbolic links are not followed, so a scan
 * stays inside the folder the user chose and cannot loop.
 */
export async function* walkEncrypted(dir: string, recursive: boolean): AsyncGenerator<string> {
  const d = await opendir(dir)
  const subdirs: string[] = []
  for await (const e of d) {
    const p = join(dir, e.name)
    if (e.isFile() && e.name.endsWith(ENCRYPTED_SUFFIX)) yield p
    else if (recursive && e.isDirectory()) subdirs.push(p)
  }
  for (const s of subdirs) {
    try {
      yield* walkEncrypted(s, recursive)
    } catch {
      // A subfolder we may not read is skipped; the scan of the rest goes on.
    }
  }
}
