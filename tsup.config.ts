import { defineConfig } from 'tsup'

// One entry per public subpath; keep in step with "exports" in package.json.
export const entries: Record<string, string> = {
  index: 'src/index.ts',
  'srp/index': 'src/srp/index.ts',
}

export default defineConfig({
  entry: entries,
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: false,
  clean: true,
  splitting: true,
  treeshake: true,
  target: 'es2022',
})
