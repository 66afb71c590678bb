import { readFile } from 'node:fs/promises'
import { isKeyType, type KeyType } from '@contract/key-matrix'
import { badInput } from '../../services/kms/errors'
import { ioError } from '../../services/shared/file-errors'
import type { RecipientRef } from '../../services/files'
import type { CliContext } from '../context'

/** `--key name` (scope region) or `--key region/name`: looked up once for its identity and slug. */
export async function resolveKey(ctx: CliContext, ref: string): Promise<RecipientRef & { keyType: KeyType }> {
  const slash = ref.indexOf('/')
  const region = slash > 0 ? ref.slice(0, slash) : await ctx.region()
  const id = slash > 0 ? ref.slice(slash + 1) : ref
  const k = await (await ctx.client()).getKey(region, id)
  if (!isKeyType(k.keyType))
    throw badInput(
      `Key ${ref} has the key type "${k.keyType}", which this version of tkms does not know`,
      'Update tkms, or use a key of a known type.',
      'key'
    )
  return { region, identity: k.identity, slug: k.slug, keyType: k.keyType }
}

/** Reads a small text file (a public key), with the file engine's I/O error wording. */
export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (e) {
    throw ioError(e, path, 'read')
  }
}
