import { tempFiles } from '../common/temp-files'

/** Exit codes of a command stopped by a signal (128 + its number), as shells report them. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const
type Stop = keyof typeof SIGNAL_EXIT

/** How long a command may take to cancel and clean up before the CLI exits anyway. */
const GRACE_MS = 10_000

const controller = new AbortController()
let stoppedBy: Stop | undefined
/** Set by a command that runs until stopped (the sandbox server): a signal is its normal end. */
let runsUntilStopped = false

/** Aborted on the first SIGINT or SIGTERM: running file work cancels and removes its temp files. */
export const interruptSignal: AbortSignal = controller.signal

/** 130 or 143 once a signal came, else undefined. */
export function interruptedExitCode(): number | undefined {
  return stoppedBy && !runsUntilStopped ? SIGNAL_EXIT[stoppedBy] : undefined
}

/** For a command that serves until Ctrl-C: resolves on the first signal, which then ends it with 0. */
export function untilStopped(): Promise<void> {
  runsUntilStopped = true
  return new Promise((resolve) =>
    interruptSignal.aborted ? resolve() : interruptSignal.addEventListener('abort', () => resolve(), { once: true })
  )
}

/** Exits now, removing any temporary file still being written (they may hold plaintext). */
function exitNow(code: number): never {
  tempFiles.removeAllSync()
  process.exit(code)
}

/**
 * First SIGINT/SIGTERM: cancel (the command ends with exit 130/143 once its cleanup ran). A second
 * signal, or a cleanup that takes longer than the grace period, exits at once, still removing the
 * temp files.
 */
export function installInterruptHandlers(err: NodeJS.WritableStream = process.stderr): void {
  const on = (sig: Stop) => {
    if (stoppedBy) exitNow(SIGNAL_EXIT[stoppedBy])
    stoppedBy = sig
    if (!runsUntilStopped)
      err.write(`\n${sig}: cancelling; partial output is being removed (signal again to stop at once)\n`)
    controller.abort()
    setTimeout(() => exitNow(SIGNAL_EXIT[sig]), GRACE_MS).unref()
  }
  process.on('SIGINT', () => on('SIGINT'))
  process.on('SIGTERM', () => on('SIGTERM'))
}
