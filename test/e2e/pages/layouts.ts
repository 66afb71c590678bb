import { test, type AppUnderTest } from '../fixtures'

export interface Layout {
  name: string
  viewport: { width: number; height: number }
  colorScheme: 'light' | 'dark'
}

/** The window sizes and colour schemes every workbench screen is checked at: the smallest supported and a common one. */
const LAYOUTS: readonly Layout[] = [
  { name: '1024x700 light', viewport: { width: 1024, height: 700 }, colorScheme: 'light' },
  { name: '1024x700 dark', viewport: { width: 1024, height: 700 }, colorScheme: 'dark' },
  { name: '1280x800 light', viewport: { width: 1280, height: 800 }, colorScheme: 'light' },
  { name: '1280x800 dark', viewport: { width: 1280, height: 800 }, colorScheme: 'dark' }
]

/** Declares `body` once per layout, each in its own describe with that viewport and colour scheme. */
export function forEachLayout(body: (layout: Layout) => void): void {
  for (const layout of LAYOUTS) {
    test.describe(layout.name, () => {
      test.use({ viewport: layout.viewport, colorScheme: layout.colorScheme })
      body(layout)
    })
  }
}

/** One test per layout, each in a fresh app (its own sandbox and data folder) loaded at that layout. */
export function testEachLayout(title: string, body: (app: AppUnderTest, l: Layout) => Promise<void>): void {
  for (const l of LAYOUTS) {
    // Set before the page loads: resizing and re-theming a loaded app cost a second layout and paint.
    test.describe(() => {
      test.use({ viewport: l.viewport, colorScheme: l.colorScheme })
      test(`${title} @ ${l.name}`, async ({ app }) => {
        // Each journey is long (key generation, axe); the limit fits a busy shared 2-core machine.
        test.setTimeout(240_000)
        await body(app, l)
      })
    })
  }
}

export const shotName = (screen: string, l: Layout) =>
  `${screen}-${l.viewport.width}x${l.viewport.height}-${l.colorScheme}`
