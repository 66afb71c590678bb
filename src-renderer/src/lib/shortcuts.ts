import { SECTIONS } from './nav'
import type { Commands } from './stores/commands.svelte'
import type { Router } from './stores/router.svelte'
import type { Session } from './stores/session.svelte'

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))

/** Global shortcuts (listed for users in shortcut-list.ts): Ctrl/⌘+K palette, ? help, F5 / Ctrl+R refresh, Ctrl+F or / search, Ctrl+N new key, Alt+1…7 sections. */
export function handleShortcut(
  e: KeyboardEvent,
  app: { router: Router; commands: Commands; session: Session }
): boolean {
  const mod = e.ctrlKey || e.metaKey
  const key = e.key.toLowerCase()
  if (mod && key === 'k') {
    app.commands.helpOpen = false
    app.commands.paletteOpen = true
  } else if (e.key === '?' && !mod && !typing(e.target) && !document.querySelector('dialog[open]')) {
    app.commands.helpOpen = true
  } else if (e.key === 'F5' || (mod && key === 'r')) {
    app.session.refresh()
  } else if ((mod && key === 'f') || (e.key === '/' && !typing(e.target))) {
    // Screens with their own search (Activity) keep it; elsewhere search means the key browser.
    if (app.router.section !== 'activity') app.router.go('keys')
    app.commands.searchRequests++
  } else if (mod && key === 'n') {
    app.router.go('keys')
    app.commands.newKeyRequests++
  } else if (e.altKey && /^[1-7]$/.test(e.key)) {
    const s = SECTIONS[Number(e.key) - 1]
    if (s) app.router.go(s.id)
  } else {
    return false
  }
  e.preventDefault()
  return true
}

export function navigationCommands(app: { router: Router; commands: Commands; session: Session }) {
  return [
    ...SECTIONS.map((s) => ({
      id: `go-${s.id}`,
      label: `Go to ${s.label}`,
      shortcut: `Alt+${s.key}`,
      run: () => app.router.go(s.id)
    })),
    { id: 'refresh', label: 'Refresh', shortcut: 'F5', run: () => app.session.refresh() },
    {
      id: 'search-keys',
      label: 'Search keys',
      shortcut: 'Ctrl+F',
      run: () => (app.router.go('keys'), app.commands.searchRequests++)
    },
    {
      id: 'new-key',
      label: 'New key',
      shortcut: 'Ctrl+N',
      run: () => (app.router.go('keys'), app.commands.newKeyRequests++)
    },
    { id: 'shortcut-help', label: 'Keyboard shortcuts', shortcut: '?', run: () => (app.commands.helpOpen = true) }
  ]
}
