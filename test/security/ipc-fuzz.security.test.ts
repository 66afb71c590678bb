import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { unknownField, type Handlers } from '../../src-main/ipc/dispatch'
import { channels, type ChannelName } from '@contract/channels'
import { AppErrorSchema } from '@contract/errors'
import { seeded } from '../support/seeded'
import { openIpc, type IpcHarness } from './ipc-harness'

/*
 * Every channel gets at least PER_CHANNEL payloads that its contract refuses: wrong types, huge
 * strings, deep nesting, prototype keys and unknown fields, from a seeded generator (the same
 * payloads on every run). Each must come back as a typed error, without reaching its handler,
 * throwing or hanging, and main must keep serving afterwards.
 */
const PER_CHANNEL = 200
const HANG_MS = 5_000

const rand = seeded(0x7a1a55a)
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T
const HUGE = 'A'.repeat(2 * 1024 * 1024)
const WIDE = Array.from({ length: 20_000 }, (_, i) => i)
function deep(depth: number, leaf: unknown = 'x'): unknown {
  let v: unknown = leaf
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v]
  return v
}
const DEEP = deep(5_000)
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']
const ODD_KEYS = [
  ...PROTO_KEYS,
  '',
  'x'.repeat(10_000),
  'path',
  'paths',
  'overwrite',
  'caBundlePath',
  'secret',
  'publicKeyPath',
  '\u0000',
  'then'
]

function scalar(): unknown {
  return pick([
    0,
    -1,
    1.5,
    NaN,
    Infinity,
    -0,
    2 ** 53 + 2,
    true,
    false,
    null,
    '',
    ' ',
    'x',
    HUGE,
    '\u202e\u0000',
    '../../etc/passwd',
    '/home/user/.ssh/id_ed25519',
    'ph_' + '0'.repeat(32),
    [],
    {},
    WIDE,
    DEEP,
    [null],
    { length: 1 }
  ])
}

/** An object whose own key is `key` (JSON.parse makes a real own `__proto__` key, as IPC would deliver it). */
function withKey(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  if (key === '__proto__')
    return {
      ...base,
      ...(JSON.parse(
        `{"__proto__": ${JSON.stringify(value === undefined ? { polluted: true } : { polluted: true, v: typeof value })}}`
      ) as object)
    }
  return { ...base, [key]: value }
}

/** The fields the request object declares, when it is an object. */
function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  return schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : undefined
}

function candidate(schema: z.ZodType): unknown {
  const shape = shapeOf(schema)
  const kind = rand()
  if (!shape || kind < 0.25) return scalar()
  const keys = Object.keys(shape)
  if (kind < 0.55)
    return withKey(
      Object.fromEntries(keys.filter(() => rand() < 0.5).map((k) => [k, scalar()])),
      pick(ODD_KEYS),
      scalar()
    )
  // Every declared field with a value of the wrong kind (checked below: a payload that parses is not counted).
  return Object.fromEntries(keys.map((k) => [k, scalar()]))
}

/** Malformed by the contract's own definition: refused by the schema, or carrying an unknown field. */
function malformed(channel: ChannelName, payload: unknown): boolean {
  const r = channels[channel].request.safeParse(payload)
  return !r.success || unknownField(payload, r.data) !== undefined
}

let h: IpcHarness
const reached = new Map<string, number>()
beforeAll(async () => {
  h = await openIpc({
    wrap: (handlers) =>
      Object.fromEntries(
        Object.entries(handlers).map(([name, fn]) => [
          name,
          (req: never, ctx: never) => (
            reached.set(name, (reached.get(name) ?? 0) + 1),
            (fn as (r: never, c: never) => Promise<unknown>)(req, ctx)
          )
        ])
      ) as unknown as Handlers
  })
})
afterAll(() => h.close())

describe('IPC fuzz: malformed payloads on every channel', () => {
  it.each(Object.keys(channels) as ChannelName[])(
    `%s refuses ${PER_CHANNEL} malformed payloads with a typed error`,
    async (channel) => {
      let sent = 0
      const kinds = new Set<string>()
      for (let tries = 0; sent < PER_CHANNEL && tries < PER_CHANNEL * 20; tries++) {
        const payload = candidate(channels[channel].request)
        if (!malformed(channel, payload)) continue
        kinds.add(Array.isArray(payload) ? 'array' : payload === null ? 'null' : typeof payload)
        const timer = new Promise<'hang'>((r) => setTimeout(() => r('hang'), HANG_MS).unref())
        const r = await Promise.race([h.send(channel, payload), timer])
        expect(r, `payload ${sent} hung`).not.toBe('hang')
        if (r === 'hang') return
        expect(r.ok).toBe(false)
        if (!r.ok) {
          expect(AppErrorSchema.safeParse(r.error).success).toBe(true)
          expect(r.error.code).toBe('ipc_invalid_request')
          expect(r.error.message.length).toBeLessThan(2_000)
        }
        sent++
      }
      expect(sent).toBe(PER_CHANNEL)
      expect(kinds.size).toBeGreaterThan(1)
      expect(reached.get(channel) ?? 0).toBe(0)
    }
  )

  it('no payload polluted a prototype, and main keeps serving', async () => {
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false)
    expect(await h.ok('app:info')).toMatchObject({ name: 'test' })
    expect(await h.ok<unknown[]>('profiles:list')).toHaveLength(1)
    const key = await h.ok<{ identity: string }>('keys:create', {
      region: 'nl-01',
      key: { name: 'after-fuzz', keyType: 'aes256-gcm96' }
    })
    expect((await h.ok<{ identity: string }[]>('keys:list', { region: 'nl-01' })).map((k) => k.identity)).toContain(
      key.identity
    )
  })

  it('a request that is well formed except for one unknown field is refused as a whole', async () => {
    const r = await h.send('activity:list', { limit: 5, outcome: 'ok', sneaky: true })
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'ipc_invalid_request', message: expect.stringContaining('"sneaky": unknown field') }
    })
    const nested = await h.send('keys:create', {
      region: 'nl-01',
      key: { name: 'k', keyType: 'aes256-gcm96', importKeyMaterial: 'AAAA' }
    })
    expect(nested).toMatchObject({
      ok: false,
      error: { code: 'ipc_invalid_request', message: expect.stringContaining('key.importKeyMaterial') }
    })
  })
})
