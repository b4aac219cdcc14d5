import { defineConfig } from 'tsup'

// One entry per public subpath; keep in step with "exports" in package.json.
export const entries: Record<string, string> = {
  index: 'src/index.ts',
  'srp/index': 'src/srp/index.ts',
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

export default defineConfig({
  entry: entries,
  external,
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: false,
  clean: true,
  splitting: true,
  treeshake: true,
  target: 'es2022',
})
