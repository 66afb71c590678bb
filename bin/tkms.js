#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader (installed with `npm install`), so no build step is needed.
import { register } from 'tsx/esm/api'
register()
await import('../src-main/cli/main.ts')
