// Run by builtPackage.dist.ts in a Node process of its own: the built package as a Node user gets it
// (`import` or `require` of 'cognito-auth-machine', resolved through its exports map to dist/), against
// the local server. Prints one JSON line per step. TOTP enrolment and the device list and forget are
// loaded on first use (their own chunks in dist/); the default transport is the AWS SDK, also lazy.
import { createRequire } from 'node:module'
import { DEMO_USER, seedPool } from '../../examples/seedPool.mjs'

const flavour = process.argv[2]
const require = createRequire(import.meta.url)
const load = async (id) => (flavour === 'cjs' ? require(id) : import(id))
// 'browser': the build a bundler gives a browser app (the "browser" export condition), run here in Node
const { createAuthClient } = flavour === 'browser' ? await import('../../dist/browser/index.js') : await load('cognito-auth-machine')
const { startLocalCognito, totp } = await load('cognito-auth-machine/testing')

// Which default transport sends: fetchTransport calls globalThis.fetch; the AWS SDK under Node does not.
let fetched = 0
const realFetch = globalThis.fetch
globalThis.fetch = (...args) => (fetched++, realFetch(...args))

const server = await startLocalCognito({ port: 0 })
const say = (step, extra = {}) => console.log(JSON.stringify({ step, ...extra }))
try {
  const pool = await seedPool({ endpoint: server.endpoint, region: server.region })
  const client = createAuthClient({ ...pool, endpoint: server.endpoint, trust: { days: 30 } })
  let view = await client.signIn(DEMO_USER)
  say(view.step)
  if (view.step !== 'totpSetup') throw new Error(`expected totpSetup, got ${view.step}`)
  view = await client.confirmTotpSetup(totp(view.secret, server.clock.now()))
  say(view.step)
  view = await client.rememberDevice(true)
  say(view.step, { status: view.step === 'signedIn' ? view.device?.status : null })
  view = await client.listDevices()
  const devices = view.step === 'signedIn' ? (view.devices ?? []) : []
  say('listed', { count: devices.length, current: devices.filter((d) => d.current).length })
  view = await client.forgetDevice()
  say(view.step, { device: view.step === 'signedIn' ? view.device : 'n/a', notice: view.notice })
  view = await client.signOut()
  say(view.step, { fetched: fetched > 0 })
  client.stop()
} finally {
  await server.close()
}
