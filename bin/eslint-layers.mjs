// The layering of DESIGN.md §3 as an allow-list, in the style of VS Code's layer rules: every source
// file belongs to one layer, and a layer may import only the layers and kinds of module listed for
// it. Relative specifiers are resolved, and static imports, `export … from`, `import()`, `require`,
// `import x = require()` and `typeof import()` types are all checked. Run by `eslint .`.
import { builtinModules } from 'node:module'
import path from 'node:path'

/** Folder (ending in /) or file (without extension) → layer; the first match wins. */
export const LAYER_PATHS = [
  ['src-preload/contract/', 'contract'],
  ['src-preload/index', 'preload'],
  ['src-preload/api', 'preload'],
  ['src-renderer/src/lib/kms', 'renderer-gateway'],
  ['src-renderer/', 'renderer'],
  ['src-main/index', 'main-entry'],
  ['src-main/app/', 'app'],
  ['src-main/ipc/', 'ipc'],
  ['src-main/platform/', 'platform'],
  ['src-main/cli/', 'cli'],
  ['src-main/services/file-format/', 'file-format'],
  ['src-main/services/files/', 'files'],
  ['src-main/services/signing/', 'signing'],
  ['src-main/services/file-jobs/', 'file-jobs'],
  ['src-main/services/', 'services'],
  ['src-main/sandbox/', 'sandbox'],
  ['src-main/common/', 'common']
]

// The file services in three tiers, so `files` and `signing` cannot import each other again: the pure
// format (no file system), the engine (streams and files), signing over the engine, the job layer on top.
const SERVICES = ['services', 'file-format', 'files', 'signing', 'file-jobs']
const MAIN_CORE = [...SERVICES, 'sandbox', 'common', 'contract']
// The format may use these neutral services files (errors carry no I/O), and of Node only crypto.
const FORMAT_VALUES = ['src-main/services/shared/errors', 'src-main/services/shared/file-errors']

/**
 * What each layer may import. `layers`: layers for any import; `typeLayers`: layers for type-only
 * imports; `valueFiles`: single files of other layers whose values may be imported; `builtins`: Node
 * modules (true, false, or the list of allowed ones); `electron`: 'none' | 'bare' (only `electron`, as the preload needs) | 'all'; `packages`:
 * true for any npm package, or the list of allowed ones.
 */
export const LAYER_RULES = {
  contract: { layers: ['contract'], builtins: false, electron: 'none', packages: ['zod'] },
  preload: { layers: ['preload', 'contract'], builtins: false, electron: 'bare', packages: ['zod'] },
  'renderer-gateway': {
    layers: ['renderer'],
    typeLayers: ['preload', 'contract'],
    builtins: false,
    electron: 'none',
    packages: true
  },
  renderer: {
    layers: ['renderer', 'renderer-gateway'],
    typeLayers: ['contract'],
    valueFiles: ['src-preload/contract/key-matrix', 'src-preload/contract/posture-rules'],
    builtins: false,
    electron: 'none',
    packages: true
  },
  'main-entry': { layers: ['app', 'ipc', 'platform', ...MAIN_CORE], builtins: true, electron: 'all', packages: true },
  app: { layers: ['app', 'ipc', 'platform', ...MAIN_CORE], builtins: true, electron: 'all', packages: true },
  ipc: { layers: ['ipc', 'platform', ...MAIN_CORE], builtins: true, electron: 'all', packages: true },
  platform: { layers: ['platform', 'services', 'common', 'contract'], builtins: true, electron: 'all', packages: true },
  cli: { layers: ['cli', ...MAIN_CORE], builtins: true, electron: 'none', packages: true },
  services: { layers: MAIN_CORE, builtins: true, electron: 'none', packages: true },
  'file-format': {
    layers: ['file-format', 'contract'],
    valueFiles: FORMAT_VALUES,
    builtins: ['crypto'],
    electron: 'none',
    packages: []
  },
  files: {
    layers: ['files', 'file-format', 'services', 'sandbox', 'common', 'contract'],
    builtins: true,
    electron: 'none',
    packages: true
  },
  signing: {
    layers: ['signing', 'files', 'file-format', 'services', 'sandbox', 'common', 'contract'],
    builtins: true,
    electron: 'none',
    packages: true
  },
  'file-jobs': { layers: MAIN_CORE, builtins: true, electron: 'none', packages: true },
  sandbox: { layers: ['sandbox', 'common', 'contract'], builtins: true, electron: 'none', packages: true },
  common: { layers: ['common'], builtins: true, electron: 'none', packages: ['zod'] }
}

/** The path aliases of tsconfig.base.json (also in electron.vite.config.ts and vitest.config.ts). */
export const ALIASES = {
  '@contract/': 'src-preload/contract/',
  '@lib/': 'src-renderer/src/lib/',
  '@ui/': 'src-renderer/src/ui/'
}

/** The repository path an aliased specifier names, or undefined when it uses no alias. */
export function resolveAlias(spec) {
  for (const [alias, dir] of Object.entries(ALIASES)) {
    if (spec.startsWith(alias)) return path.posix.normalize(dir + spec.slice(alias.length))
  }
  return undefined
}

const SOURCE_ROOTS = ['src-main/', 'src-preload/', 'src-renderer/']
const BUILTINS = new Set(builtinModules)

const stripExt = (p) => p.replace(/\.(svelte\.ts|d\.ts|ts|mts|js|mjs|cjs|svelte)$/, '')

/** The layer of a repository-relative path (with or without extension; a folder means its index), or undefined. */
export function layerOf(rel) {
  const p = stripExt(rel)
  for (const [prefix, layer] of LAYER_PATHS) {
    const hit = prefix.endsWith('/') ? `${p}/`.startsWith(prefix) : p === prefix || `${p}/index` === prefix
    if (hit) return layer
  }
  return undefined
}

const relPath = (context, file) => path.relative(context.cwd, file).split(path.sep).join('/')

/** Why `spec` may not be imported from `fromRel` (layer `layer`), or undefined when it may. */
function refusal(layer, fromRel, spec, typeOnly) {
  const rule = LAYER_RULES[layer]
  const bare = spec.split('?')[0]
  const aliased = resolveAlias(bare)
  if (bare.startsWith('.') || aliased) {
    const target = aliased ?? path.posix.normalize(path.posix.join(path.posix.dirname(fromRel), bare))
    const to = layerOf(target)
    if (!to) return `"${spec}" resolves to ${target}, which is outside the source layers`
    if (to === layer || rule.layers.includes(to)) return undefined
    if (typeOnly && rule.typeLayers?.includes(to)) return undefined
    if (rule.valueFiles?.includes(stripExt(target))) return undefined
    const how = rule.typeLayers?.includes(to) ? ' (types only)' : ''
    return `layer "${layer}" may not import layer "${to}"${how} ("${spec}")`
  }
  if (bare.startsWith('/')) return `"${spec}" is an absolute path; import by relative path or package name`
  if (bare === 'electron' || bare.startsWith('electron/')) {
    if (rule.electron === 'all' || (rule.electron === 'bare' && bare === 'electron')) return undefined
    return `layer "${layer}" may not import "${spec}": Electron is main-process only (app, ipc, platform, index.ts)`
  }
  const name = bare.startsWith('node:') ? bare.slice(5) : bare
  if (bare.startsWith('node:') || BUILTINS.has(name) || BUILTINS.has(name.split('/')[0])) {
    const allowed = Array.isArray(rule.builtins) ? rule.builtins.includes(name.split('/')[0]) : rule.builtins
    return allowed ? undefined : `layer "${layer}" may not import the Node module "${spec}"`
  }
  const pkg = bare.startsWith('@') ? bare.split('/').slice(0, 2).join('/') : bare.split('/')[0]
  if (rule.packages === true || rule.packages.includes(pkg)) return undefined
  return `layer "${layer}" may import only ${rule.packages.length ? rule.packages.join(', ') : 'no packages'}, not "${spec}"`
}

const literal = (node) =>
  node?.type === 'Literal' && typeof node.value === 'string'
    ? node.value
    : node?.type === 'TemplateLiteral' && node.expressions.length === 0
      ? node.quasis[0].value.cooked
      : undefined

const allTypeSpecifiers = (node) =>
  node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type')

const importsRule = {
  meta: {
    type: 'problem',
    schema: [],
    docs: { description: 'Each source layer imports only what its allow-list names (DESIGN.md §3).' }
  },
  create(context) {
    const rel = relPath(context, context.filename)
    if (!SOURCE_ROOTS.some((r) => rel.startsWith(r))) return {}
    const layer = layerOf(rel)
    if (!layer) {
      return {
        Program: (node) =>
          context.report({
            node,
            message: `${rel} is in no layer: add its folder to LAYER_PATHS in bin/eslint-layers.mjs`
          })
      }
    }
    const check = (node, source, typeOnly) => {
      const spec = literal(source)
      if (spec === undefined) {
        context.report({
          node,
          message: `layer "${layer}": a computed module specifier cannot be checked; use a string literal`
        })
        return
      }
      const why = refusal(layer, rel, spec, typeOnly)
      if (why) context.report({ node, message: why })
    }
    return {
      ImportDeclaration: (n) => check(n, n.source, n.importKind === 'type' || allTypeSpecifiers(n)),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source, n.exportKind === 'type' || allTypeSpecifiers(n)),
      ExportAllDeclaration: (n) => check(n, n.source, n.exportKind === 'type'),
      ImportExpression: (n) => check(n, n.source, false),
      TSImportType: (n) => check(n, n.argument?.literal ?? n.argument, true),
      TSExternalModuleReference: (n) => check(n, n.expression, n.parent?.importKind === 'type'),
      CallExpression: (n) => {
        if (n.callee.type === 'Identifier' && n.callee.name === 'require') check(n, n.arguments[0], false)
      }
    }
  }
}

const IPC_HANDLE = 'src-main/ipc/handle.ts'

const ipcMainRule = {
  meta: {
    type: 'problem',
    schema: [],
    docs: { description: 'Only src-main/ipc/handle.ts touches ipcMain, under any name.' }
  },
  create(context) {
    const rel = relPath(context, context.filename)
    if (!SOURCE_ROOTS.some((r) => rel.startsWith(r)) || rel === IPC_HANDLE) return {}
    const message = `Only ${IPC_HANDLE} may use ipcMain (register channels through ipc/register.ts).`
    const named = (k) =>
      (k?.type === 'Identifier' && k.name === 'ipcMain') || (k?.type === 'Literal' && k.value === 'ipcMain')
    return {
      ImportSpecifier: (n) => named(n.imported) && context.report({ node: n, message }),
      ExportSpecifier: (n) => named(n.local) && context.report({ node: n, message }),
      MemberExpression: (n) => named(n.property) && context.report({ node: n, message }),
      'ObjectPattern > Property': (n) => named(n.key) && context.report({ node: n, message })
    }
  }
}

export const layersPlugin = { meta: { name: 'layers' }, rules: { imports: importsRule, 'ipc-main': ipcMainRule } }
