import { setFlagsFromString } from 'node:v8'

/**
 * undici parses HTTP/1.1 with llhttp, a WebAssembly module compiled on the first request. V8 then
 * also optimises it on background threads, and Node.js waits for those threads before a process
 * may exit: on a busy machine that held `tkms keys list` open for seconds after its answer was
 * printed. A short-lived CLI gains nothing from the optimised tier, so it keeps V8's baseline
 * compiler (Liftoff) only. Imported first by the age plugin; `tkms` sets the same flag in its
 * launcher (bin/cli-launcher.js), before the bundle is compiled against its code cache.
 */
setFlagsFromString('--liftoff-only')
