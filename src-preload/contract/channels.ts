import type { z } from 'zod'
import { appChannels } from './channels/app'
import { activityChannels } from './channels/activity'
import { bulkChannels } from './channels/bulk'
import { byokChannels } from './channels/byok'
import { certsChannels } from './channels/certs'
import { cryptoChannels } from './channels/crypto'
import { filesChannels } from './channels/files'
import { kmsChannels } from './channels/kms'
import { postureChannels } from './channels/posture'
import { profileChannels } from './channels/profiles'
import { recipientChannels } from './channels/recipients'
import { reportChannels } from './channels/reports'
import { workbenchChannels } from './channels/workbench'

/**
 * The single source of truth for IPC: `'domain:verb' → { request, response }`, one file per
 * domain under ./channels. Main parses every request with these schemas; the preload API and the
 * handler table are derived from this object, so a channel without a handler fails to compile.
 */
export const channels = {
  ...appChannels,
  ...profileChannels,
  ...filesChannels,
  ...kmsChannels,
  ...cryptoChannels,
  ...activityChannels,
  ...byokChannels,
  ...workbenchChannels,
  ...certsChannels,
  ...bulkChannels,
  ...recipientChannels,
  ...reportChannels,
  ...postureChannels
} as const

type Channels = typeof channels
export type ChannelName = keyof Channels
export type ChannelRequest<K extends ChannelName> = z.input<Channels[K]['request']>
export type ParsedRequest<K extends ChannelName> = z.output<Channels[K]['request']>
export type ChannelResponse<K extends ChannelName> = z.output<Channels[K]['response']>

export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(channels, name)
}
