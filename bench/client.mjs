// npm run bench:client: the CLIENT's CPU per sign-in on a remembered device and per token refresh, for this
// package (fetch and AWS SDK transports) beside amazon-cognito-identity-js and Amplify v6, all against ONE local
// Cognito server; and the heap an idle signed-in client of this package holds.
//
// What it measures, in one run:
//  1. Client CPU (process.cpuUsage(): user + system, all threads of this process) per full sign-in on a
//     remembered device: InitiateAuth(USER_SRP_AUTH) -> PASSWORD_VERIFIER -> DEVICE_SRP_AUTH ->
//     DEVICE_PASSWORD_VERIFIER -> tokens, no MFA; and per token refresh with the device key. Each client first
//     signs in once with TOTP MFA and remembers its device (untimed), so the timed sign-ins skip MFA.
//     The server (dist/testing, startLocalCognito) runs in a CHILD process (bench/client-lib.mjs --server),
//     so its CPU is not in these numbers; TOTP codes come from the child, which moves its clock 30 s first
//     (no code is used twice). Every client signs in as its own user of the same pool.
//  2. This package's own SRP work in a sign-in: two ephemerals and the two claims (computePasswordClaim,
//     computeDeviceClaim from dist/srp) on challenges the server really sent, timed in the same rounds.
//  3. Rounds are interleaved (every case once per round, order rotated, medians; bench/client-lib.mjs
//     interleavedParts, after lib.mjs's interleaved()), so the RATIOS are taken in the same conditions: the
//     machines are shared and noisy, read the ratios rather than the absolute times.
//     Calls per sign-in and per refresh are counted on the server side (X-Amz-Target) in an untimed pass.
//  4. Heap per idle signed-in client: in a child started with --expose-gc, 10,000 clients, each with its own
//     memoryStorage() holding its own copy of one real stored session, started (each restores to signedIn
//     without a call); (heapUsed after - heapUsed before) / 10,000, after forced GCs. Then they are stopped.
//
// Budgets (exit 1 when one fails), for each transport of this package, on the sign-in:
//   ours / amazon-cognito-identity-js   <= 0.1x
//   ours / own SRP work                 <= 2x
// Amplify's figures are printed beside them, without a budget.
//
// Environment: BENCH_ROUNDS (default 20 interleaved rounds), BENCH_REFRESHES (refreshes timed per round, 3),
// BENCH_HEAP_CLIENTS (10000). Needs `npm run build` first (the npm script does it).
//
// Where this package's sign-in time goes (the V8 sampling profiler around sign-ins only; top self-time functions):
//   node bench/client.mjs --profile fetch|sdk [sign-ins = 50] [--save]    (--save: client-<kind>.cpuprofile here)
//   node bench/client.mjs --top <file>.cpuprofile                         (the same table for any .cpuprofile)
import { createRequire } from 'node:module'
import { readFileSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import http from 'node:http'
import {
  PASSWORD,
  importDist,
  inspectableStorage,
  interleavedParts,
  measureHeapInChild,
  memoryKeyValueStorage,
  memoryWebStorage,
  startServerProcess,
  topSelfTime,
} from './client-lib.mjs'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20)
const REFRESHES = Number(process.env.BENCH_REFRESHES ?? 3)
const HEAP_CLIENTS = Number(process.env.BENCH_HEAP_CLIENTS ?? 10_000)
const BUDGET_VS_CIJS = 0.1
const BUDGET_VS_SRP = 2

if (process.argv[2] === '--top') {
  console.log(topSelfTime(JSON.parse(readFileSync(process.argv[3], 'utf8'))))
  process.exit(0)
}

const require = createRequire(import.meta.url)
const version = (name) => require(`${name}/package.json`).version
// Loaded first: identity-js picks its BigInteger multiply routine by whether `navigator` exists when it loads.
const { AuthenticationDetails, CognitoUser, CognitoUserPool } = require('amazon-cognito-identity-js')
const { createAuthClient, fetchTransport, awsSdkTransport, memoryStorage } = await importDist('index.js')
const srp = await importDist('srp/index.js')

const started = Date.now()
const server = await startServerProcess()
const { userPoolId, clientId, endpoint, users } = server
const check = (ok, what) => {
  if (!ok) throw new Error(what)
}

// ---------------------------------------------------------------------------------------------------------
// The clients under test. Each: first() (SRP, TOTP MFA, remember the device), signIn() on the remembered
// device, refresh(), signOut(). Results are checked outside the timed parts (the rounds in main()).

/** This package, with a transport. A transport wrapper may watch the calls (the capture of SRP challenges). */
function ours(transport, user) {
  const storage = inspectableStorage(memoryStorage)
  const client = createAuthClient({ userPoolId, clientId, endpoint, transport, storage })
  const credentials = { username: user.username, password: user.password }
  return {
    storage,
    async first() {
      let view = await client.signIn(credentials)
      check(view.step === 'mfaCode', `first sign-in: expected mfaCode, got ${view.step}`)
      view = await client.submitCode(await server.code(user.secret))
      check(view.step === 'rememberDevice', `after MFA: expected rememberDevice, got ${view.step}`)
      view = await client.rememberDevice(true)
      check(view.step === 'signedIn' && view.device?.status === 'remembered', 'the device should be remembered')
    },
    signIn: () => client.signIn(credentials),
    signedIn: (view) => view.step === 'signedIn' && view.device?.status === 'remembered',
    refresh: () => client.refresh(),
    refreshed: (view) => view.step === 'signedIn' && !view.error,
    signOut: () => client.signOut(),
    stop: () => client.stop(),
  }
}

/** amazon-cognito-identity-js: CognitoUser.authenticateUser, remembered device in its Storage. */
function cognitoIdentityJs(user) {
  const Storage = memoryWebStorage()
  // endpoint: the local server; identity-js 6 posts with the global fetch (isomorphic-unfetch keeps Node 20's)
  const pool = new CognitoUserPool({ UserPoolId: userPoolId, ClientId: clientId, endpoint, Storage })
  let current
  const authenticate = (answerMfa) =>
    new Promise((resolve, reject) => {
      const cognitoUser = new CognitoUser({ Username: user.username, Pool: pool, Storage })
      let mfaAsked = false
      const callbacks = {
        onSuccess: (session) => resolve((current = { user: cognitoUser, session, mfaAsked })),
        onFailure: reject,
        totpRequired: async () => {
          mfaAsked = true
          if (!answerMfa) return reject(new Error('identity-js: MFA asked on a remembered device'))
          cognitoUser.sendMFACode(await server.code(user.secret), callbacks, 'SOFTWARE_TOKEN_MFA')
        },
        mfaRequired: () => reject(new Error('identity-js: unexpected SMS MFA')),
      }
      const details = new AuthenticationDetails({ Username: user.username, Password: user.password })
      cognitoUser.authenticateUser(details, callbacks)
    })
  return {
    async first() {
      const { mfaAsked, user: cognitoUser } = await authenticate(true)
      check(mfaAsked, 'identity-js: the first sign-in should ask for MFA')
      await new Promise((resolve, reject) => cognitoUser.setDeviceStatusRemembered({ onSuccess: resolve, onFailure: reject }))
    },
    signIn: () => authenticate(false),
    signedIn: (result) => !result.mfaAsked && result.session.isValid() && !!result.user.deviceKey,
    refresh: () =>
      new Promise((resolve, reject) =>
        current.user.refreshSession(current.session.getRefreshToken(), (error, session) =>
          error ? reject(error) : resolve((current.session = session)),
        ),
      ),
    refreshed: (session) => session.isValid(),
    signOut: () => new Promise((resolve) => current.user.signOut(resolve)),
    stop: () => undefined,
  }
}

/**
 * Amplify v6: signIn(USER_SRP_AUTH), rememberDevice(), fetchAuthSession({ forceRefresh }). One per process.
 * On Node 20 Amplify cannot confirm a device as it stands: its getDeviceName() reads the global `navigator`
 * (Node 21+ has one, Node 20 does not), the ReferenceError is swallowed, ConfirmDevice is never sent and no
 * device is kept, so rememberDevice() throws DeviceMetadataNotFoundException. The first sign-in therefore
 * runs with a stand-in `navigator = { userAgent }`, removed right after (nothing timed runs with it).
 */
async function amplify(user) {
  const { Amplify } = await import('aws-amplify')
  const auth = await import('aws-amplify/auth')
  const { cognitoUserPoolsTokenProvider } = await import('aws-amplify/auth/cognito')
  Amplify.configure({ Auth: { Cognito: { userPoolId, userPoolClientId: clientId, userPoolEndpoint: endpoint } } })
  cognitoUserPoolsTokenProvider.setKeyValueStorage(memoryKeyValueStorage())
  const input = { username: user.username, password: user.password, options: { authFlowType: 'USER_SRP_AUTH' } }
  return {
    async first() {
      const start = await auth.signIn(input)
      check(start.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_TOTP_CODE', `Amplify: first sign-in: ${start.nextStep.signInStep}`)
      const shim = globalThis.navigator === undefined
      if (shim) globalThis.navigator = { userAgent: `Node.js/${process.version}` }
      try {
        const done = await auth.confirmSignIn({ challengeResponse: await server.code(user.secret) })
        check(done.isSignedIn, `Amplify: after MFA: ${done.nextStep.signInStep}`)
      } finally {
        if (shim) delete globalThis.navigator
      }
      if (shim) notes.push(AMPLIFY_NAVIGATOR_NOTE)
      await auth.rememberDevice()
    },
    signIn: () => auth.signIn(input),
    signedIn: (result) => result.isSignedIn && result.nextStep.signInStep === 'DONE',
    refresh: () => auth.fetchAuthSession({ forceRefresh: true }),
    refreshed: (session) => !!session.tokens?.accessToken,
    signOut: () => auth.signOut(),
    stop: () => undefined,
  }
}

const notes = []
const AMPLIFY_NAVIGATOR_NOTE =
  'Amplify v6 on Node 20: ConfirmDevice needs a global `navigator` (getDeviceName); without one it silently keeps no ' +
  'device. Its first sign-in ran with a stand-in navigator = { userAgent }, removed before the timed rounds.'

// The SRP challenges the server really sends, captured from one sign-in of this package (untimed).
const challenges = {}
const capturing = (inner) => ({
  async send(operation, input, target) {
    const output = await inner.send(operation, input, target)
    if (output?.ChallengeName === 'PASSWORD_VERIFIER') challenges.user = output.ChallengeParameters
    if (output?.ChallengeName === 'DEVICE_PASSWORD_VERIFIER') challenges.device = output.ChallengeParameters
    return output
  },
})

const cijsName = `amazon-cognito-identity-js ${version('amazon-cognito-identity-js')}`
const amplifyName = `aws-amplify ${version('aws-amplify')}`
const clients = {
  'cognito-auth-machine, fetchTransport()': ours(fetchTransport(), users['ours-fetch']),
  'cognito-auth-machine, awsSdkTransport()': ours(awsSdkTransport(), users['ours-sdk']),
  [cijsName]: cognitoIdentityJs(users.cijs),
  [amplifyName]: await amplify(users.amplify),
}
const [OURS_FETCH, OURS_SDK] = Object.keys(clients)

try {
  if (process.argv[2] === '--profile') await profile(process.argv[3] ?? 'fetch', Number(process.argv[4] ?? 50))
  else await main()
} finally {
  for (const client of Object.values(clients)) client.stop()
  await server.close()
}

async function main() {
  // 1. First sign-in of each client (MFA, remember), then one sign-in, refresh and sign-out counted on the server.
  const calls = {}
  for (const [name, client] of Object.entries(clients)) {
    await server.counts()
    await client.first()
    await client.signOut()
    const first = await server.counts()
    const view = await client.signIn()
    check(client.signedIn(view), `${name}: the second sign-in should use the remembered device, without MFA`)
    const signIn = await server.counts()
    check(client.refreshed(await client.refresh()), `${name}: refresh failed`)
    const refresh = await server.counts()
    await client.signOut()
    const signOut = await server.counts()
    check(Object.keys(signIn).length > 0, 'the server counted no calls: its request counter is not in place')
    calls[name] = { first, signIn, refresh, signOut }
  }
  const capture = ours(capturing(fetchTransport()), users['ours-fetch'])
  // a second client of the same user, on a copy of its device record, for the capture only
  for (const [key, value] of clients[OURS_FETCH].storage.entries()) capture.storage.setItem(key, value)
  check(capture.signedIn(await capture.signIn()), 'capture: sign-in on the remembered device')
  await capture.signOut()
  capture.stop()
  check(challenges.user && challenges.device, 'the SRP challenges were not captured')
  const record = clients[OURS_FETCH].storage.entries().find(([key]) => key.includes('.device.'))
  const device = JSON.parse(record[1])

  /** The SRP work of one sign-in on a remembered device, with this package's engine. */
  const ownSrpWork = async () => {
    const user = challenges.user
    await srp.computePasswordClaim({
      poolId: userPoolId,
      userIdForSrp: user.USER_ID_FOR_SRP,
      password: PASSWORD,
      srpB: user.SRP_B,
      salt: user.SALT,
      secretBlock: user.SECRET_BLOCK,
      ephemeral: await srp.generateEphemeral(),
    })
    const d = challenges.device
    await srp.computeDeviceClaim({
      deviceGroupKey: device.deviceGroupKey,
      deviceKey: device.deviceKey,
      devicePassword: device.devicePassword,
      srpB: d.SRP_B,
      salt: d.SALT,
      secretBlock: d.SECRET_BLOCK,
      ephemeral: await srp.generateEphemeral(),
    })
  }

  // The HTTP floor of a 4-call sign-in, for reading the figures: 4 bare POSTs of an InitiateAuth-sized body
  // (an unknown user: a short error answer, so a lower bound), with fetch and with node:http (keep-alive).
  const floorBody = JSON.stringify({
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: 'nobody', SRP_A: challenges.user.SRP_B },
  })
  const floorHeaders = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' }
  const agent = new http.Agent({ keepAlive: true })
  const viaFetch = async () => (await fetch(endpoint, { method: 'POST', headers: floorHeaders, body: floorBody })).text()
  const viaHttp = () =>
    new Promise((resolve, reject) => {
      const req = http.request(endpoint, { method: 'POST', headers: floorHeaders, agent }, (res) => {
        res.resume()
        res.on('end', resolve)
      })
      req.on('error', reject)
      req.end(floorBody)
    })
  const four = (post) => async () => {
    for (let i = 0; i < 4; i++) await post()
  }

  // 2. The timed rounds: every client signs in, refreshes REFRESHES times and signs out (untimed) per round.
  const OWN_SRP = 'own SRP work (2 ephemerals + 2 claims)'
  const FLOOR_FETCH = 'HTTP floor: 4 bare fetch() POSTs'
  const FLOOR_HTTP = 'HTTP floor: 4 bare node:http POSTs'
  const cases = {
    [OWN_SRP]: (measure) => measure('srp', ownSrpWork),
    [FLOOR_FETCH]: (measure) => measure('floor', four(viaFetch)),
    [FLOOR_HTTP]: (measure) => measure('floor', four(viaHttp)),
  }
  for (const [name, client] of Object.entries(clients)) {
    cases[name] = async (measure) => {
      const view = await measure('signIn', client.signIn)
      check(client.signedIn(view), `${name}: sign-in did not end signed in on the remembered device`)
      for (let i = 0; i < REFRESHES; i++) check(client.refreshed(await measure('refresh', client.refresh)), `${name}: refresh`)
      await client.signOut()
    }
  }
  const serverCpuBefore = await server.cpuMs()
  const timedStart = Date.now()
  const times = await interleavedParts(cases, ROUNDS)
  const timedSeconds = (Date.now() - timedStart) / 1000
  const serverCpu = (await server.cpuMs()) - serverCpuBefore

  // 3. Heap per idle signed-in client: one real session of this package, copied into 10,000 clients.
  const heapClient = clients[OURS_FETCH]
  check(heapClient.signedIn(await heapClient.signIn()), 'heap: sign-in')
  const heap = await measureHeapInChild({
    config: { userPoolId, clientId, endpoint },
    entriesJson: JSON.stringify(heapClient.storage.entries()),
    count: HEAP_CLIENTS,
  })
  await heapClient.signOut()

  // 4. The report.
  const ms = (x) => (x === undefined ? '-' : x.ms.toFixed(2))
  const spread = (x) => (x === undefined ? '' : `${x.q1.toFixed(2)}-${x.q3.toFixed(2)}`)
  const ops = (counted) => {
    const total = Object.values(counted).reduce((a, b) => a + b, 0)
    return `${total} (${Object.entries(counted)
      .map(([op, n]) => `${op} ${n}`)
      .join(', ')})`
  }
  console.log(
    `\nClient CPU per operation, median of ${ROUNDS} interleaved rounds (${REFRESHES} refreshes per round); ` +
      `Node ${process.version}, ${os()}`,
  )
  console.log(`server: local Cognito (dist/testing) in a child process, ${endpoint}; its CPU is not counted here\n`)
  const w = 44
  console.log(
    `${'client'.padEnd(w)} ${'sign-in ms'.padStart(10)} ${'(q1-q3)'.padStart(13)} ${'refresh ms'.padStart(10)} ${'(q1-q3)'.padStart(13)}`,
  )
  for (const name of Object.keys(cases)) {
    const t = times[name]
    const signIn = t.signIn ?? t.srp ?? t.floor
    console.log(
      `${name.padEnd(w)} ${ms(signIn).padStart(10)} ${spread(signIn).padStart(13)} ${ms(t.refresh).padStart(10)} ${spread(t.refresh).padStart(13)}`,
    )
  }
  console.log(`\nCognito calls per operation (counted by the server; protocol minimum: sign-in 4, refresh 1, sign-out 1)`)
  for (const [name, c] of Object.entries(calls)) {
    console.log(`  ${name}`)
    console.log(`    first sign-in (MFA, remember) + sign-out: ${ops(c.first)}`)
    console.log(`    sign-in on the remembered device:         ${ops(c.signIn)}`)
    console.log(`    refresh:                                  ${ops(c.refresh)}`)
    console.log(`    sign-out:                                 ${ops(c.signOut)}`)
    const n = (counted) => Object.values(counted).reduce((a, b) => a + b, 0)
    if (n(c.signIn) > 4 || n(c.refresh) > 1 || n(c.signOut) > 1) console.log(`    ^ more calls than the protocol minimum`)
  }

  const srpMs = times[OWN_SRP].srp.ms
  const cijsMs = times[cijsName].signIn.ms
  const amplifyMs = times[amplifyName].signIn.ms
  const ratio = (a, b) => `${(a / b).toFixed(3)}x`
  console.log(`\nRatios (sign-in; refresh in brackets)`)
  const results = []
  for (const name of [OURS_FETCH, OURS_SDK]) {
    const t = times[name]
    const vsCijs = t.signIn.ms / cijsMs
    const vsSrp = t.signIn.ms / srpMs
    console.log(`  ${name}`)
    console.log(
      `    / identity-js   ${ratio(t.signIn.ms, cijsMs).padStart(8)}  [${ratio(t.refresh.ms, times[cijsName].refresh.ms)}]   budget <= ${BUDGET_VS_CIJS}x`,
    )
    console.log(`    / own SRP work  ${ratio(t.signIn.ms, srpMs).padStart(8)}                budget <= ${BUDGET_VS_SRP}x`)
    console.log(`    / Amplify v6    ${ratio(t.signIn.ms, amplifyMs).padStart(8)}  [${ratio(t.refresh.ms, times[amplifyName].refresh.ms)}]`)
    const floor = times[name === OURS_FETCH ? FLOOR_FETCH : FLOOR_HTTP].floor.ms
    console.log(
      `    sign-in - SRP work = ${(t.signIn.ms - srpMs).toFixed(2)} ms, of which the HTTP floor of 4 calls ` +
        `(${name === OURS_FETCH ? 'fetch' : 'node:http'}) is ${floor.toFixed(2)} ms: the rest, ${(t.signIn.ms - srpMs - floor).toFixed(2)} ms, ` +
        `is this package, XState${name === OURS_SDK ? ', the AWS SDK' : ''} and larger answers`,
    )
    results.push([`${name}: sign-in / identity-js = ${vsCijs.toFixed(3)}x (budget <= ${BUDGET_VS_CIJS}x)`, vsCijs <= BUDGET_VS_CIJS])
    results.push([`${name}: sign-in / own SRP work = ${vsSrp.toFixed(3)}x (budget <= ${BUDGET_VS_SRP}x)`, vsSrp <= BUDGET_VS_SRP])
  }
  console.log(`  identity-js / own SRP work = ${ratio(cijsMs, srpMs)}; Amplify / own SRP work = ${ratio(amplifyMs, srpMs)}`)

  console.log(`\nHeap per idle signed-in client (cognito-auth-machine, child process with --expose-gc)`)
  console.log(
    `  ${heap.signedIn}/${heap.count} clients restored to ${heap.step} with ${heap.calls} Cognito calls; ` +
      `heapUsed ${mb(heap.before)} -> ${mb(heap.after)} MB (after stop: ${mb(heap.stopped)} MB)`,
  )
  console.log(
    `  heap per client: ${Math.round(heap.perClient)} bytes (${(heap.perClient / 1024).toFixed(1)} KB); ` +
      `the stored session's own strings are ${heap.storedChars} chars of it`,
  )
  console.log(
    `  for reference: authMachine.provide({}) alone retains ${Math.round(heap.provideBytes)} bytes ` +
      `(clients on the real clock share one; a client with its own clock gets its own); CPU to create and restore one client: ${heap.startCpuMs.toFixed(2)} ms`,
  )
  check(heap.signedIn === heap.count && heap.calls === 0, 'heap: every client should restore to signedIn without a call')

  console.log(
    `\ntimed rounds: ${timedSeconds.toFixed(1)} s; server CPU meanwhile ${(serverCpu / 1000).toFixed(1)} s (not counted); ` +
      `whole run ${((Date.now() - started) / 1000).toFixed(1)} s`,
  )
  for (const note of notes) console.log(`note: ${note}`)
  for (const [line, ok] of results) console.log(`${ok ? 'PASS' : 'FAIL'} ${line}`)
  if (results.some(([, ok]) => !ok)) process.exitCode = 1
}

/**
 * --profile: only sign-ins of this package on a remembered device, under the V8 sampling profiler (node:inspector,
 * started after the set-up), then the top functions by self time. The profile also holds the sign-outs between them.
 */
async function profile(kind, count) {
  const client = clients[kind === 'sdk' ? OURS_SDK : OURS_FETCH]
  await client.first()
  await client.signOut()
  for (let i = 0; i < 5; i++) await client.signIn().then(client.signOut) // warm-up
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 100 })
  await session.post('Profiler.start')
  const usage = { user: 0, system: 0 }
  for (let i = 0; i < count; i++) {
    const start = process.cpuUsage()
    check(client.signedIn(await client.signIn()), 'profile: sign-in')
    const used = process.cpuUsage(start)
    usage.user += used.user
    usage.system += used.system
    await client.signOut()
  }
  const { profile: cpuProfile } = await session.post('Profiler.stop')
  session.disconnect()
  const each = (micros) => (micros / 1000 / count).toFixed(2)
  console.log(
    `${count} sign-ins, ${kind} transport: ${each(usage.user + usage.system)} ms CPU each ` +
      `(user ${each(usage.user)}, system ${each(usage.system)})`,
  )
  console.log(topSelfTime(cpuProfile))
  if (process.argv.includes('--save')) writeFileSync(`client-${kind}.cpuprofile`, JSON.stringify(cpuProfile))
}

function mb(bytes) {
  return (bytes / 1024 / 1024).toFixed(1)
}

function os() {
  const cpus = require('node:os').cpus()
  return `${cpus.length} x ${cpus[0]?.model ?? 'cpu'}`
}
