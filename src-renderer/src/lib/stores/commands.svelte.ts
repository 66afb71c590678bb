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
  helpOpen = $state(false)
  /** A key the palette asked the Keys screen to open (and maybe start an action on); n counts requests. */
  keyRequest = $state<{ id: string; action: 'open' | 'rotate'; n: number } | undefined>()
  searchRequests = $state(0)
  newKeyRequests = $state(0)

  get all(): Command[] {
    return this.#registered
  }

  requestKey(id: string, action: 'open' | 'rotate'): void {
    this.keyRequest = { id, action, n: (this.keyRequest?.n ?? 0) + 1 }
  }

  register(commands: Command[]): () => void {
    this.#registered = [...this.#registered.filter((c) => !commands.some((n) => n.id === c.id)), ...commands]
    return () => {
      this.#registered = this.#registered.filter((c) => !commands.includes(c))
    }
  }
}

export const [getCommands, setCommands] = createContext<Commands>()
