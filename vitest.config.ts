import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  // The adapters import the package by name (a public entry point), and examples/seedPool.mjs imports its
  // ./testing entry; here those are the sources, not dist/.
  resolve: {
    alias: [
      { find: /^cognito-auth-machine$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^cognito-auth-machine\/testing$/, replacement: fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // the type tests (expectTypeOf) are compiled and reported as tests too
    typecheck: { enabled: true, include: ['test/types/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 30_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // The JSON report feeds scripts/test-summary.mjs, which prints the closing "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
})
