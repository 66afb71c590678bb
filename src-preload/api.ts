import type { ChannelName, ChannelRequest, ChannelResponse } from './contract/channels'
import { PRELOAD_ONLY_CHANNELS, type PreloadOnlyChannel } from './contract/channel-names'
import type { EventName, EventPayload } from './contract/events'
import type { Result } from './contract/result'
import type { InspectResult } from './contract/schemas/files'

/** How the API reaches main: ipcRenderer in the app, a WebSocket in the UI test bridge. */
export interface Transport {
  invoke(channel: string, payload: unknown): Promise<unknown>
  subscribe(event: string, listener: (payload: unknown) => void): () => void
  /** Absolute path of a dropped File (webUtils.getPathForFile in the app); '' for a File not on disk. */
  pathForFile(file: File): string
}

type CamelCase<S extends string> = S extends `${infer A}-${infer B}` ? `${A}${Capitalize<CamelCase<B>>}` : S
type Domain<K> = K extends `${infer D}:${string}` ? D : never
type WindowChannel = Exclude<ChannelName, PreloadOnlyChannel>
type Method<K extends ChannelName> =
  undefined extends ChannelRequest<K>
    ? (request?: ChannelRequest<K>) => Promise<Result<ChannelResponse<K>>>
    : (request: ChannelRequest<K>) => Promise<Result<ChannelResponse<K>>>

export type KmsApi = {
  [D in Domain<WindowChannel>]: {
    [K in WindowChannel as K extends `${D}:${infer V}` ? CamelCase<V> : never]: Method<K>
  }
} & {
  files: {
    /**
     * Files dropped on the window: main validates them and answers with a handle per file. Only a
     * real File from a drop has a path; a File made up in the page has none and is refused.
     */
    drop(files: readonly File[]): Promise<Result<InspectResult>>
  }
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

const camel = (s: string): string => s.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())
const preloadOnly: readonly string[] = PRELOAD_ONLY_CHANNELS

/**
 * Derives the window's API from the channel names: `profiles:test-connection` →
 * `api.profiles.testConnection`. No method takes a path string that main would trust: the drop
 * channel is reached only through `files.drop(File[])`, which asks the transport for each path.
 */
export function createApi(transport: Transport, channelNames: readonly string[]): KmsApi {
  const api: Record<string, Record<string, unknown>> = {}
  for (const name of channelNames) {
    if (preloadOnly.includes(name)) continue
    const [domain, verb] = name.split(':') as [string, string]
    const group = (api[domain] ??= {})
    group[camel(verb)] = (request?: unknown) => transport.invoke(name, request)
  }
  const files = (api['files'] ??= {})
  files['drop'] = async (dropped: readonly File[]) => {
    const paths = [...dropped].map((f) => transport.pathForFile(f)).filter((p) => p.length > 0)
    if (paths.length === 0)
      return {
        ok: false,
        error: {
          code: 'bad_input',
          message: 'The dropped items have no path on disk.',
          hint: 'Drop files or folders from your file manager.'
        }
      }
    return transport.invoke('files:drop', { paths })
  }
  const on = (event: string, listener: (payload: unknown) => void) => transport.subscribe(event, listener)
  for (const group of Object.values(api)) Object.freeze(group)
  return Object.freeze({ ...api, on }) as unknown as KmsApi
}
