import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Plugin } from 'esbuild'
import { defineConfig } from 'tsup'

// One entry per public subpath; keep in step with "exports" in package.json.
export const entries: Record<string, string> = {
  index: 'src/index.ts',
  'srp/index': 'src/srp/index.ts',
  'machine/index': 'src/machine/index.ts',
  'storage/idb': 'adapters/storage/idb.ts',
  'storage/web': 'adapters/storage/webStorage.ts',
  'storage/redis': 'adapters/storage/redis.ts',
  'admin/index': 'src/admin/index.ts',
  'admin/cli': 'src/admin/cli.ts',
  'react/index': 'adapters/react/index.ts',
  'vue/index': 'adapters/vue/index.ts',
  'svelte/index': 'adapters/svelte/index.ts',
  'terminal/index': 'adapters/terminal/index.ts',
  'testing/index': 'src/testing/index.ts',
  'testing/cli': 'src/testing/cli.ts',
}

// Adapters import the package itself by name (a public entry point) and their framework: keep both out of the bundles.
const external = ['cognito-auth-machine', 'react', 'vue', 'svelte', 'svelte/store', 'redis']

/**
 * In the browser build, a relative import `./x` takes `./x.browser.ts` where one exists: the SRP engine's
 * Node-only parts (node:crypto, the OpenSSL route), Node's unreferenced timers, the Node device name,
 * and the default transport (fetchTransport there, the AWS SDK elsewhere).
 */
const browserFiles: Plugin = {
  name: 'browser-files',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const candidate = resolve(args.resolveDir, `${args.path}.browser.ts`)
      return existsSync(candidate) ? { path: candidate } : undefined
    })
  },
}

export default defineConfig([
  {
    entry: entries,
    external,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: false,
    clean: ['!browser/**'],
    splitting: true,
    treeshake: true,
    target: 'es2022',
  },
  // The "browser" condition of "." and "./srp" (package.json): the same code without what only Node takes
  // (see browserFiles), and fetchTransport as the default transport. Types are those of the main build.
  {
    entry: { index: entries.index!, 'srp/index': entries['srp/index']!, 'machine/index': entries['machine/index']! },
    outDir: 'dist/browser',
    external,
    format: ['esm'],
    platform: 'browser',
    dts: false,
    sourcemap: false,
    clean: true,
    splitting: true,
    treeshake: true,
    target: 'es2022',
    esbuildPlugins: [browserFiles],
  },
])
