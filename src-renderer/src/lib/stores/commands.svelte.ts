import { createContext } from 'svelte'

export interface Command {
  id: string
  label: string
  shortcut?: string
  run: () => void
}

/**
 * Commands for the palette and keyboard shortcuts. Screens register their own while mounted;
 * "requests" counters let a shortcut reach a screen without coupling the two.
 */
export class Commands {
  #registered = $state<Command[]>([])
  paletteOpen = $state(false)
  searchRequests = $state(0)
  newKeyRequests = $state(0)

  get all(): Command[] {
    return this.#registered
  }

  register(commands: Command[]): () => void {
    this.#registered = [...this.#registered.filter((c) => !commands.some((n) => n.id === c.id)), ...commands]
    return () => {
      this.#registered = this.#registered.filter((c) => !commands.includes(c))
    }
  }
}

export const [getCommands, setCommands] = createContext<Commands>()
