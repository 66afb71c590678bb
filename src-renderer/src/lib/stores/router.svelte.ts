import { createContext } from 'svelte'
import type { SectionId } from '../nav'

/** Which section is shown; the one piece of navigation state. */
export class Router {
  section = $state<SectionId>('overview')

  go(section: SectionId): void {
    this.section = section
  }
}

export const [getRouter, setRouter] = createContext<Router>()
