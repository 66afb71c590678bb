import type { ChannelName, ChannelRequest, ChannelResponse } from './contract/channels'
import type { EventName, EventPayload } from './contract/events'
import type { Result } from './contract/result'

/** How the API reaches main: ipcRenderer in the app, a WebSocket in the UI test bridge. */
export interface Transport {
  invoke(channel: string, payload: unknown): Promise<unknown>
  subscribe(event: string, listener: (payload: unknown) => void): () => void
  /** Absolute path of a dropped File (webUtils.getPathForFile in the app). */
  pathForFile(file: File): string
}

type CamelCase<S extends string> = S extends `${infer A}-${infer B}` ? `${A}${Capitalize<CamelCase<B>>}` : S
type Domain<K> = K extends `${infer D}:${string}` ? D : never
type Method<K extends ChannelName> = undefined extends ChannelRequest<K>
  ? (request?: ChannelRequest<K>) => Promise<Result<ChannelResponse<K>>>
  : (request: ChannelRequest<K>) => Promise<Result<ChannelResponse<K>>>

export type KmsApi = {
  [D in Domain<ChannelName>]: {
    [K in ChannelName as K extends `${D}:${infer V}` ? CamelCase<V> : never]: Method<K>
  }
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  pathForFile(file: File): string
}

const camel = (s: string): string => s.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())

/** Derives the renderer API from the channel names: `profiles:test-connection` → `api.profiles.testConnection`. */
export function createApi(transport: Transport, channelNames: readonly string[]): KmsApi {
  const api: Record<string, Record<string, unknown>> = {}
  for (const name of channelNames) {
    const [domain, verb] = name.split(':') as [string, string]
    const group = (api[domain] ??= {})
    group[camel(verb)] = (request?: unknown) => transport.invoke(name, request)
  }
  const on = (event: string, listener: (payload: unknown) => void) => transport.subscribe(event, listener)
  const pathForFile = (file: File) => transport.pathForFile(file)
  return Object.freeze({ ...api, on, pathForFile }) as unknown as KmsApi
}
