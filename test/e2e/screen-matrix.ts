import { test } from './fixtures'

export interface Layout {
  name: string
  viewport: { width: number; height: number }
  colorScheme: 'light' | 'dark'
}

/** The window sizes and colour schemes every screen spec of the workbench runs at. */
export const LAYOUTS: readonly Layout[] = [
  { name: '1024x700 light', viewport: { width: 1024, height: 700 }, colorScheme: 'light' },
  { name: '1024x700 dark', viewport: { width: 1024, height: 700 }, colorScheme: 'dark' },
  { name: '1280x800 light', viewport: { width: 1280, height: 800 }, colorScheme: 'light' },
  { name: '1280x800 dark', viewport: { width: 1280, height: 800 }, colorScheme: 'dark' }
]

/** Declares the tests of `body` once per layout, each in its own describe with that viewport and scheme. */
export function eachLayout(body: (layout: Layout) => void): void {
  for (const layout of LAYOUTS) {
    test.describe(layout.name, () => {
      test.use({ viewport: layout.viewport, colorScheme: layout.colorScheme })
      body(layout)
    })
  }
}

/** A file-name-safe suffix for screenshots taken under a layout. */
export const shotName = (screen: string, l: Layout) => `${screen}-${l.viewport.width}-${l.colorScheme}`
