import { createContext } from 'svelte'
import type { SectionId } from '../nav'

/** Which section is shown, plus optional parameters for it (e.g. a preselected key for Crypto). */
export class Router {
  section = $state<SectionId>('overview')
  /** Parameters passed by the last `go`; a screen reads the ones it knows (Crypto: `key`, `op`). */
  params = $state<Record<string, string>>({})

  go(section: SectionId, params: Record<string, string> = {}): void {
    this.section = section
    this.params = params
  }
}

export const [getRouter, setRouter] = createContext<Router>()
