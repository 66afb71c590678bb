import { z } from 'zod'
import { AppInfoSchema } from './schemas/app'
import { ProfileViewSchema } from './schemas/profiles'

/**
 * The single source of truth for IPC: `'domain:verb' → { request, response }`.
 * Main parses every request with these schemas; the preload API and the handler table are
 * derived from this object, so a channel without a handler fails to compile.
 */
export const channels = {
  'app:info': { request: z.undefined(), response: AppInfoSchema },
  'profiles:list': { request: z.undefined(), response: z.array(ProfileViewSchema) }
} as const

export type Channels = typeof channels
export type ChannelName = keyof Channels
export type ChannelRequest<K extends ChannelName> = z.input<Channels[K]['request']>
export type ParsedRequest<K extends ChannelName> = z.output<Channels[K]['request']>
export type ChannelResponse<K extends ChannelName> = z.output<Channels[K]['response']>

export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(channels, name)
}
