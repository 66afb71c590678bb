import { createContext } from 'svelte'

export interface Toast {
  id: number
  kind: 'ok' | 'error' | 'info'
  text: string
  hint?: string
}

/** Short outcome messages; errors stay until dismissed, others fade after a few seconds. */
export class Toasts {
  items = $state<Toast[]>([])
  #next = 1

  push(kind: Toast['kind'], text: string, hint?: string): void {
    const id = this.#next++
    this.items.push({ id, kind, text, hint })
    if (kind !== 'error') setTimeout(() => this.dismiss(id), 5000)
  }

  /** On a profile, region or project change: errors about the old scope no longer apply. */
  clearErrors(): void {
    this.items = this.items.filter((t) => t.kind !== 'error')
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id)
  }
}

export const [getToasts, setToasts] = createContext<Toasts>()
