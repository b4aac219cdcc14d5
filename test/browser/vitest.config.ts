import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Browser tests: Node drives Debian's Chromium with playwright-core. Run after `npm run build`, since
// the example apps import the package's built entry points. Kept apart from `test:unit` (file suffix
// `.browser.ts`) because they need Chromium and take longer. The built package's own Node tests
// (test/dist, suffix `.dist.ts`) run here too, for the same reason: they need dist/.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/browser/**/*.browser.ts', 'test/dist/**/*.dist.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // A report of its own, so a closing summary can count browser tests beside the unit tests.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest-browser.json' }]],
  },
})
