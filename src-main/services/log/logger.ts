import { defaultRedactor, type Redactor } from './redact'

type LogLevel = 'debug' | 'info' | 'warn' | 'error'
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export type LogFields = Record<string, unknown>

export interface Logger {
  debug(msg: string, fields?: LogFields): void
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
  /** A logger that adds `bindings` to every line (e.g. `{ component: 'kms' }`). */
  child(bindings: LogFields): Logger
}

export interface LoggerOptions {
  /** Receives one redacted JSON line per entry. Defaults to stderr. */
  sink?: (line: string) => void
  level?: LogLevel
  redactor?: Redactor
  now?: () => Date
}

/** JSON-lines logger whose every field and message goes through the redactor before the sink. */
export function createLogger(opts: LoggerOptions = {}, bindings: LogFields = {}): Logger {
  const sink = opts.sink ?? ((line: string) => process.stderr.write(line + '\n'))
  const min = ORDER[opts.level ?? 'info']
  const redactor = opts.redactor ?? defaultRedactor
  const now = opts.now ?? (() => new Date())

  const write = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (ORDER[level] < min) return
    const entry = {
      time: now().toISOString(),
      level,
      msg: redactor.string(msg),
      ...(redactor.value({ ...bindings, ...fields }) as LogFields)
    }
    try {
      sink(JSON.stringify(entry))
    } catch {
      // A failing sink must never break the operation being logged.
    }
  }

  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (b) => createLogger(opts, { ...bindings, ...b })
  }
}

/** A logger that drops everything; the default for services when none is given. */
export const silentLogger: Logger = createLogger({ sink: () => undefined, level: 'error' })
