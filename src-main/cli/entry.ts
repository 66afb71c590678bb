import { main } from './main'
import { installInterruptHandlers } from './signals'

// The `tkms` process (the bundle's entry; main.ts runs a command line without touching the process).
// Ctrl-C and SIGTERM cancel running work, which removes its temp files; then exit 130 or 143.
installInterruptHandlers()
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
