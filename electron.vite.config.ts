import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'

// The path aliases of tsconfig.base.json (kept in step with vitest.config.ts and bin/eslint-layers.mjs).
const alias = {
  '@contract': resolve('src-preload/contract'),
  '@lib': resolve('src-renderer/src/lib'),
  '@ui': resolve('src-renderer/src/ui')
}

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          index: resolve('src-main/index.ts'),
          // The file crypto worker, emitted beside index.js (see services/files/worker-pool.ts).
          'files-worker': resolve('src-main/services/files/files-worker.ts')
        }
      }
    }
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can only require a tiny allow-list: ship one CommonJS bundle.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve('src-renderer'),
    base: './',
    resolve: { alias },
    plugins: [svelte({ configFile: resolve('svelte.config.js') })],
    build: {
      outDir: resolve('out/renderer'),
      rolldownOptions: { input: { index: resolve('src-renderer/index.html') } }
    }
  }
})
