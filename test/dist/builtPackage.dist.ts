// The built package (dist/) under Node, through `import`, through `require`, and its browser build: the
// lazily loaded parts (TOTP enrolment, the device list and forget, the AWS SDK transport) must load from
// the built chunks, and each build must take its own default transport.
// Runs after the build, with the browser suite (test/browser/vitest.config.ts).
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const script = fileURLToPath(new URL('./signInWithBuild.mjs', import.meta.url))

// esm and cjs: what Node gets (default transport: the AWS SDK); browser: dist/browser, what a bundler
// gives a browser app (default transport: fetchTransport), run in Node.
describe.each(['esm', 'cjs', 'browser'])('the built package through %s', (flavour) => {
  it('enrols TOTP, remembers the device, lists and forgets it, and signs out', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [script, flavour], { timeout: 60_000 })
    const steps = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(steps).toEqual([
      { step: 'totpSetup' },
      { step: 'rememberDevice' },
      { step: 'signedIn', status: 'remembered' },
      { step: 'listed', count: 1, current: 1 },
      { step: 'signedIn', device: null, notice: 'deviceForgotten' },
      { step: 'signedOut', fetched: flavour === 'browser' },
    ])
  })
})
