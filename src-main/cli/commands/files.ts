import { basename, join } from 'node:path'
import type { Command } from 'commander'
import { assertLimits, BatchDataKeys, DEFAULT_DATA_KEY_LIMITS } from '../../services/files/batch-keys'
import { UnwrapCache } from '../../services/files/unwrap-cache'
import {
  decryptFile,
  encryptFile,
  ENCRYPTED_EXTENSION,
  kmsDataKeyWrapper,
  readHeader,
  reencryptFile,
  type RecipientRef
} from '../../services/files'
import type { CliContext } from '../context'
import { UsageError } from '../errors'
import { renderFields, renderTable } from '../output'
import { collect, positiveInt, run } from '../run'
import type { FolderOpts } from './files-reencrypt-bulk'
import { fileSigningCommands } from './files-signing'
import { resolveKey } from './key-ref'

async function wrapper(ctx: CliContext) {
  const ws = (await ctx.core()).workspace
  await ctx.scope()
  return kmsDataKeyWrapper(() => ws.client())
}

function outputFor(input: string, o: { out?: string; outDir?: string }, ext: string): string {
  if (o.out) return o.out
  const name = `${basename(input)}${ext}`
  return o.outDir ? join(o.outDir, name) : `${input}${ext}`
}

function oneOutput(inputs: string[], o: { out?: string }): void {
  if (o.out && inputs.length > 1) throw new UsageError('--out names one file; with several inputs use --out-dir.')
}

export function filesCommand(program: Command): void {
  const files = program
    .command('files')
    .description('Encrypt, decrypt, sign and verify files of any size (same format as the app)')

  files
    .command('encrypt <files...>')
    .description('Encrypt files to one or more keys (anyone with decrypt on one of them can open it)')
    .requiredOption('--key <key>', 'recipient key: name, identity or region/name (repeatable)', collect)
    .option('--out <file>', `output file (default <file>${ENCRYPTED_EXTENSION})`)
    .option('--out-dir <dir>', 'write outputs into this folder')
    .option('--store-name', 'store the original file name (encrypted) so decrypt restores it')
    .option('--force', 'overwrite existing outputs')
    .option(
      '--data-key-files <n>',
      `files one data key serves in this run (1 = one per file; default ${DEFAULT_DATA_KEY_LIMITS.files})`,
      positiveInt
    )
    .option(
      '--data-key-minutes <t>',
      `minutes one data key serves (default ${DEFAULT_DATA_KEY_LIMITS.minutes})`,
      positiveInt
    )
    .action(
      (
        inputs: string[],
        o: {
          key: string[]
          out?: string
          outDir?: string
          storeName?: boolean
          force?: boolean
          dataKeyFiles?: number
          dataKeyMinutes?: number
        },
        cmd: Command
      ) =>
        run(cmd, async (ctx) => {
          oneOutput(inputs, o)
          const limits = {
            files: o.dataKeyFiles ?? DEFAULT_DATA_KEY_LIMITS.files,
            minutes: o.dataKeyMinutes ?? DEFAULT_DATA_KEY_LIMITS.minutes
          }
          try {
            assertLimits(limits)
          } catch (e) {
            throw new UsageError(e instanceof Error ? e.message : String(e))
          }
          const recipients: RecipientRef[] = []
          for (const k of o.key) {
            const { keyType: _t, ...r } = await resolveKey(ctx, k)
            recipients.push(r)
          }
          const w = await wrapper(ctx)
          const ws = (await ctx.core()).workspace
          const results: { input: string; output: string; bytes: number }[] = []
          // The files of one run are a batch: they share a data key up to the limits.
          const keys = new BatchDataKeys(recipients, w, limits)
          try {
            for (const input of inputs) {
              const output = outputFor(input, o, ENCRYPTED_EXTENSION)
              const r = await ws.audited(
                'files:encrypt',
                {
                  region: recipients[0]?.region,
                  key: recipients.map((x) => x.slug).join(','),
                  detail: basename(input)
                },
                () =>
                  encryptFile({
                    input,
                    output,
                    recipients,
                    wrapper: w,
                    keys,
                    overwrite: o.force,
                    storeName: o.storeName,
                    onProgress: ctx.out.progress(basename(input)),
                    signal: ctx.signal
                  })
              )
              results.push({ input, ...r })
            }
          } finally {
            keys.close()
          }
          ctx.out.result(results, () => results.map((r) => `${r.input} → ${r.output}\n`).join(''))
        })
    )

  files
    .command('decrypt <files...>')
    .description('Decrypt files (outputs are created with mode 0600)')
    .option('--out <file>', 'output file (default: the stored name, else the input minus .tkms)')
    .option('--out-dir <dir>', 'write outputs into this folder')
    .option('--force', 'overwrite existing outputs')
    .action((inputs: string[], o: { out?: string; outDir?: string; force?: boolean }, cmd: Command) =>
      run(cmd, async (ctx) => {
        oneOutput(inputs, o)
        // Files of one encrypt batch share a data key: it is unwrapped once for this run, then zeroed.
        const cache = new UnwrapCache(await wrapper(ctx))
        const ws = (await ctx.core()).workspace
        const results: { input: string; output: string; bytes: number; recipient: RecipientRef }[] = []
        try {
          for (const input of inputs) {
            const r = await ws.audited('files:decrypt', { detail: basename(input) }, () =>
              decryptFile({
                input,
                wrapper: cache.wrapper,
                overwrite: o.force,
                ...(o.out ? { output: o.out } : {}),
                ...(o.outDir ? { outputDir: o.outDir } : {}),
                onProgress: ctx.out.progress(basename(input)),
                signal: ctx.signal
              })
            )
            results.push({ input, ...r })
          }
        } finally {
          cache.clear()
        }
        ctx.out.result(results, () =>
          results
            .map((r) => `${r.input} → ${r.output} (opened with ${r.recipient.region}/${r.recipient.slug})\n`)
            .join('')
        )
      })
    )

  files
    .command('reencrypt [file]')
    .description(
      'Re-encrypt under a fresh data key (after a rotation, or to change recipients); plaintext never touches the disk. With a folder and --where-key: every matching .tkms file, in place, as a resumable job'
    )
    .option('--out <file>', 'output file (one file)')
    .option('--key <key>', 'new recipient keys (repeatable; default: the current ones)', collect)
    .option('--force', 'overwrite --out')
    .option('--recursive', 'folder mode: search sub-folders too')
    .option('--where-key <key>', 'folder mode: files with this recipient key (repeatable)', collect)
    .option('--below-version <n>', "folder mode: only where that key's version is below n", positiveInt)
    .option('--where-unusable', 'folder mode: files with a disabled or pending-deletion recipient key')
    .option(
      '--to <keys>',
      'folder mode: new recipients (comma-separated or repeatable; default: the current ones, latest version)',
      collect
    )
    .option('--dry-run', 'folder mode: list the matching files; change nothing')
    .option('--resume <job>', 'folder mode: finish an interrupted job')
    .action(
      (input: string | undefined, o: FolderOpts & { out?: string; key?: string[]; force?: boolean }, cmd: Command) =>
        run(cmd, async (ctx) => {
          // Folder jobs load their journal (and its schemas) only when one runs.
          if (o.whereKey || o.whereUnusable || o.resume || o.recursive || o.dryRun)
            return (await import('./files-reencrypt-bulk')).reencryptFolder(ctx, input, o)
          if (!input || !o.out)
            throw new UsageError(
              'Re-encrypting one file needs the file and --out; for a folder use --where-key (see tkms files reencrypt --help).'
            )
          const out = o.out
          const recipients: RecipientRef[] | undefined = o.key ? [] : undefined
          for (const k of o.key ?? []) {
            const { keyType: _t, ...r } = await resolveKey(ctx, k)
            recipients?.push(r)
          }
          const w = await wrapper(ctx)
          const r = await (
            await ctx.core()
          ).workspace.audited('files:reencrypt', { detail: basename(input) }, () =>
            reencryptFile({
              input,
              output: out,
              wrapper: w,
              overwrite: o.force,
              ...(recipients ? { recipients } : {}),
              onProgress: ctx.out.progress(basename(input)),
              signal: ctx.signal
            })
          )
          ctx.out.result({ input, ...r }, () => `${input} → ${r.output}\n`)
        })
    )

  files
    .command('info <file>')
    .description('Show what an encrypted file says about itself (no KMS call; not yet authenticated)')
    .action((input: string, _o, cmd: Command) =>
      run(cmd, async (ctx) => {
        const h = await readHeader(input)
        ctx.out.result(
          h,
          () =>
            renderFields({
              format: h.formatVersion,
              size: h.plaintextSize,
              chunk: h.chunkSize,
              'stored name': h.hasName ? 'yes' : 'no'
            }) +
            renderTable(
              h.recipients.map((r) => ({ region: r.region, key: r.slug, identity: r.identity })),
              ['region', 'key', 'identity']
            )
        )
      })
    )

  fileSigningCommands(files)
}
