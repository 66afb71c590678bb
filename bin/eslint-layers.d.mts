// Types for the parts of eslint-layers.mjs that tests import.
export const LAYER_PATHS: [prefix: string, layer: string][]
export const ALIASES: Record<string, string>
export function layerOf(rel: string): string | undefined
export function resolveAlias(spec: string): string | undefined
export const layersPlugin: { meta: { name: string }; rules: Record<string, unknown> }
