import type { z } from 'zod'
import type { ChannelName, ParsedRequest, ChannelResponse } from '@contract/channels'
import { channels, isChannelName } from '@contract/channels'
import { events, type EventName, type EventPayload } from '@contract/events'
import type { AppError } from '@contract/errors'
import type { Result } from '@contract/result'
import { toAppError, zodIssues } from '../services/shared/errors'

/** Who sent an IPC message, reduced to what the guard needs (Electron-free, so the bridge can reuse it). */
export interface SenderInfo {
  /** URL of the sending frame; undefined when the frame is gone. */
  frameUrl: string | undefined
  /** True when the sending frame is the top-level frame of its page. */
  isMainFrame: boolean
}

export interface HandlerContext {
  /** Sends an event to the window that made the call. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void
}

export type Handler<K extends ChannelName> = (
  request: ParsedRequest<K>,
  ctx: HandlerContext
) => Promise<ChannelResponse<K>>
/** One handler per channel: a missing or extra entry is a type error. */
export type Handlers = { [K in ChannelName]: Handler<K> }

export interface DispatchOptions {
  isTrustedOrigin(url: string): boolean
  onRefused?(channel: string, reason: string): void
  onError?(channel: string, error: unknown): void
  /**
   * Dev and test: every handler result and event is parsed with the contract's response schema on
   * its way out, and a field the contract does not name is refused (the egress filter that keeps a
   * secret a handler returns by mistake from reaching the window).
   */
  checkEgress?: boolean
}

/** Why a value leaving main does not fit its schema, or undefined when it does. */
function egressProblem(schema: z.ZodType, value: unknown): string | undefined {
  const parsed = schema.safeParse(value)
  if (!parsed.success) return zodIssues(parsed.error, 3)
  const extra = unknownField(value, parsed.data)
  return extra === undefined ? undefined : `${extra}: not in the contract`
}

function checkedEmit(ctx: HandlerContext, options: DispatchOptions): HandlerContext {
  return {
    emit(event, payload) {
      const problem = egressProblem(events[event], payload)
      if (problem === undefined) return ctx.emit(event, payload)
      options.onError?.(event, new Error(`Event ${event} does not match the contract: ${problem}`))
    }
  }
}

/** A handler answered with something the contract does not allow; reported as `internal`. */
export class EgressError extends Error {
  override name = 'EgressError'
}

const refuse = (code: AppError['code'], message: string): Result<never> => ({ ok: false, error: { code, message } })

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The first field of the payload that the schema does not know (zod drops unknown keys; here they
 * are refused instead, `__proto__` and `constructor` included), as a dotted path.
 */
export function unknownField(input: unknown, output: unknown, path: readonly string[] = []): string | undefined {
  if (Array.isArray(input)) {
    if (!Array.isArray(output)) return undefined
    for (let i = 0; i < input.length; i++) {
      const found = unknownField(input[i], output[i], [...path, String(i)])
      if (found) return found
    }
    return undefined
  }
  if (!isRecord(input) || !isRecord(output)) return undefined
  for (const k of Object.keys(input)) {
    if (input[k] === undefined) continue
    if (!Object.prototype.hasOwnProperty.call(output, k)) return [...path, k].join('.')
    const found = unknownField(input[k], output[k], [...path, k])
    if (found) return found
  }
  return undefined
}

/**
 * The guard every IPC call passes: the channel must be in the contract, the sender must be our
 * own origin and the main frame, and the payload must parse. Errors come back as values, never
 * as stack traces.
 */
export function createDispatcher(handlers: Handlers, options: DispatchOptions) {
  return async function dispatch(
    channel: string,
    sender: SenderInfo,
    payload: unknown,
    ctx: HandlerContext
  ): Promise<Result<unknown>> {
    if (!isChannelName(channel)) {
      options.onRefused?.(channel, 'unknown channel')
      return refuse('ipc_unknown_channel', `Unknown channel "${channel.slice(0, 64)}".`)
    }
    if (sender.frameUrl === undefined || !sender.isMainFrame || !options.isTrustedOrigin(sender.frameUrl)) {
      options.onRefused?.(channel, 'untrusted sender')
      return refuse('ipc_forbidden_sender', 'This request did not come from the application window.')
    }
    const parsed = channels[channel].request.safeParse(payload)
    if (!parsed.success) {
      return refuse('ipc_invalid_request', `Invalid request for ${channel}: ${zodIssues(parsed.error)}`)
    }
    const extra = unknownField(payload, parsed.data)
    if (extra !== undefined) {
      options.onRefused?.(channel, 'unknown field')
      return refuse(
        'ipc_invalid_request',
        `Invalid request for ${channel}: ${JSON.stringify(extra.slice(0, 100))}: unknown field`
      )
    }
    try {
      const handler = handlers[channel] as Handler<ChannelName>
      const value = await handler(parsed.data as never, options.checkEgress ? checkedEmit(ctx, options) : ctx)
      const problem = options.checkEgress ? egressProblem(channels[channel].response, value) : undefined
      if (problem !== undefined)
        throw new EgressError(`The answer to ${channel} does not match the contract: ${problem}`)
      return { ok: true, value }
    } catch (error) {
      options.onError?.(channel, error)
      return { ok: false, error: toAppError(error) }
    }
  }
}

export type Dispatcher = ReturnType<typeof createDispatcher>
