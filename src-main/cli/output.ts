import type { AppError } from '@contract/errors'
import type { FileProgress } from '../services/file-format/types'

export type OutputMode = 'json' | 'table'

export interface Row {
  [column: string]: string | number | boolean | undefined | null
}

/**
 * Control characters (C0 but newline, DEL, C1), bidirectional controls and line separators. Names,
 * labels and server messages are untrusted: raw, they could move the cursor, erase lines, retitle
 * the terminal, write the clipboard (OSC 52) or reorder what is shown.
 */
const UNSAFE =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g
const escapeOne = (c: string): string => {
  const n = c.charCodeAt(0)
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`
}

/** Human-readable text made safe for a terminal: unsafe characters become visible escapes (\x1b, \u202e). */
export function escapeText(s: string, keepNewlines = true): string {
  const escaped = s.replace(UNSAFE, escapeOne)
  return keepNewlines ? escaped : escaped.replaceAll('\n', '\\n')
}

/** Aligned columns, header in capitals; empty cells as "-". */
export function renderTable(rows: Row[], columns: string[]): string {
  const cell = (v: Row[string]) => (v === undefined || v === null || v === '' ? '-' : escapeText(String(v), false))
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)))
  const line = (vals: string[]) => vals.map((v, i) => (i === vals.length - 1 ? v : v.padEnd(widths[i] ?? 0))).join('  ')
  return (
    [line(columns.map((c) => c.toUpperCase())), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n') +
    '\n'
  )
}

/** "key: value" lines for one object. */
export function renderFields(fields: Row): string {
  const entries = Object.entries(fields).filter(([, v]) => v !== undefined && v !== null && v !== '')
  const w = Math.max(0, ...entries.map(([k]) => k.length))
  return entries.map(([k, v]) => `${`${k}:`.padEnd(w + 1)} ${escapeText(String(v), false)}`).join('\n') + '\n'
}

/**
 * Where results go: data on stdout (JSON or human-readable), notes and progress on stderr.
 * `--quiet` drops notes and progress, never data or errors. Every human-readable line is escaped
 * (escapeText); JSON stays exact, and raw data (decrypted text, PEM) is written as it is.
 */
export class Output {
  constructor(
    readonly mode: OutputMode,
    readonly quiet: boolean,
    private readonly out: NodeJS.WritableStream = process.stdout,
    private readonly err: NodeJS.WriteStream | NodeJS.WritableStream = process.stderr
  ) {}

  get json(): boolean {
    return this.mode === 'json'
  }

  /** Print a result: JSON as is, or the human rendering. */
  result(value: unknown, human: () => string): void {
    this.out.write(this.json ? `${JSON.stringify(value, null, 2)}\n` : escapeText(human()))
  }

  /** Raw bytes or text to stdout (ciphertexts, decrypted data, PEM). */
  raw(data: string | Uint8Array): void {
    this.out.write(data)
  }

  /**
   * Raw bytes the caller wipes afterwards (decrypted data): resolves once the stream has handed them
   * on. Where stdout writes are queued (pipes on macOS and Windows, a full pipe), wiping earlier
   * would send zeroes instead of the data.
   */
  rawBeforeWipe(data: Uint8Array): Promise<void> {
    return new Promise((resolve) => this.out.write(data, () => resolve()))
  }

  note(message: string): void {
    if (!this.quiet && !this.json) this.err.write(`${escapeText(message)}\n`)
  }

  /** Warnings show even in JSON mode (on stderr), only --quiet hides them. */
  warn(message: string): void {
    if (!this.quiet) this.err.write(`warning: ${escapeText(message)}\n`)
  }

  /** A warning that must not be missed: printed on stderr even with --quiet or JSON output. */
  alert(message: string): void {
    this.err.write(`${escapeText(message)}\n`)
  }

  error(e: AppError): void {
    if (this.json) {
      this.err.write(`${JSON.stringify({ error: e })}\n`)
      return
    }
    this.err.write(`error [${e.code}]: ${escapeText(e.message, false)}\n`)
    if (e.hint) this.err.write(`  hint: ${escapeText(e.hint, false)}\n`)
  }

  /** A progress callback that redraws one stderr line, only when stderr is a terminal. */
  progress(name: string): ((p: FileProgress) => void) | undefined {
    const tty = 'isTTY' in this.err && this.err.isTTY === true
    if (!tty || this.quiet) return undefined
    const label = escapeText(name, false)
    let last = -1
    return (p) => {
      const pct = p.bytesTotal > 0 ? Math.floor((p.bytesDone / p.bytesTotal) * 100) : 100
      if (pct === last) return
      last = pct
      this.err.write(`\r${label}: ${pct}%${pct >= 100 ? '\n' : ''}`)
    }
  }
}
