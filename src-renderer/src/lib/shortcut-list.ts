/** Every keyboard shortcut of the app, for the `?` help and the palette's hints. */
export interface ShortcutInfo {
  keys: string
  does: string
}

export const SHORTCUTS: readonly ShortcutInfo[] = [
  { keys: 'Ctrl+K (⌘K)', does: 'Open the command palette: find keys, profiles, regions and actions' },
  { keys: '?', does: 'Show this list of shortcuts' },
  { keys: 'Alt+1 … Alt+7', does: 'Go to Overview, Keys, Crypto, Files, BYOK, Activity, Settings' },
  { keys: 'Ctrl+F or /', does: 'Search (the key list; Activity keeps its own search)' },
  { keys: 'Ctrl+N (⌘N)', does: 'New key' },
  { keys: 'F5 or Ctrl+R', does: 'Refresh the current scope' },
  { keys: 'Tab (first press)', does: 'Skip link: jump to the main content' },
  { keys: 'Arrow keys, Home, End', does: 'Move in the key grid, tabs and the palette list' },
  { keys: 'Enter', does: 'Open the selected key or run the selected palette entry' },
  { keys: 'Escape', does: 'Close the dialog, palette or key detail (focus returns to where you were)' }
]
