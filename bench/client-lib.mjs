// Helpers of bench/client.mjs (npm run bench:client), and the two child processes it starts:
//
//   node bench/client-lib.mjs --server   the local Cognito server (dist/testing), seeded through the AWS SDK,
//                                        answering the bench over IPC (TOTP codes, clock, per-operation counts)
//   node --expose-gc bench/client-lib.mjs --heap
//                                        10,000 idle signed-in clients of this package in one process
//
// The server runs in its own process so that process.cpuUsage() in the bench process is the clients' CPU only.
import { fork } from 'node:child_process'
import { syncBuiltinESMExports } from 'node:module'
import http from 'node:http'
import { fileURLToPath } from 'node:url'
import { cpuMicros, median } from './lib.mjs'

const self = fileURLToPath(import.meta.url)
export const PASSWORD = 'Bench-Passw0rd!'
/** One user per client under test, so that their devices and sessions never meet. */
export const USERS = ['ours-fetch', 'ours-sdk', 'cijs', 'amplify', 'heap']

/**
 * Imports a module of dist/ (built by `npm run build`). Other engineers rebuild dist/ while this runs, so a
 * missing file is waited for (up to 3 minutes) rather than failed on.
 */
export async function importDist(relative) {
  const url = new URL(`../dist/${relative}`, import.meta.url)
  for (let attempt = 0; ; attempt++) {
    try {
      return await import(attempt ? `${url}?retry=${attempt}` : url.href)
    } catch (error) {
      if (error?.code !== 'ERR_MODULE_NOT_FOUND' || attempt >= 6) throw error
      console.error(`dist/${relative} is not there (a build in progress?): trying again in 30 s`)
      await new Promise((resolve) => setTimeout(resolve, 30_000))
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Timing

/**
 * Like lib.mjs's interleaved(), for cases that time only parts of what they do (a sign-in, then refreshes,
 * then an untimed sign-out). Each case is `async (measure) => ...` and calls `measure(label, fn)` around each
 * timed part; every case runs once per round, in an order rotated each round, after one untimed warm-up round.
 * Returns `{ [case]: { [label]: { ms, samples, q1, q3 } } }`: the median CPU ms (user + system) of each part.
 */
export async function interleavedParts(cases, rounds) {
  const names = Object.keys(cases)
  const samples = Object.fromEntries(names.map((name) => [name, {}]))
  const untimed = async (_label, fn) => fn()
  for (const name of names) await cases[name](untimed) // warm-up: lazy chunks, JIT, connections
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length]
      await cases[name](async (label, fn) => {
        let result
        const micros = await cpuMicros(async () => {
          result = await fn()
        })
        ;(samples[name][label] ??= []).push(micros / 1000)
        return result
      })
    }
  }
  const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]
  return Object.fromEntries(
    names.map((name) => [
      name,
      Object.fromEntries(
        Object.entries(samples[name]).map(([label, values]) => [
          label,
          { ms: median(values), samples: values.length, q1: quantile(values, 0.25), q3: quantile(values, 0.75) },
        ]),
      ),
    ]),
  )
}

// ---------------------------------------------------------------------------------------------------------
// Storage stand-ins

/** A Web Storage-like object in a Map, for amazon-cognito-identity-js (synchronous getItem/setItem/removeItem/clear). */
export function memoryWebStorage() {
  const map = new Map()
  return {
    getItem: (key) => (map.has(key) ? map.get(key) : null),
    setItem: (key, value) => void map.set(key, String(value)),
    removeItem: (key) => void map.delete(key),
    clear: () => map.clear(),
    get length() {
      return map.size
    },
    key: (i) => [...map.keys()][i] ?? null,
  }
}

/** Amplify v6's KeyValueStorageInterface in a Map (its methods return promises). */
export function memoryKeyValueStorage() {
  const map = new Map()
  return {
    setItem: async (key, value) => void map.set(key, value),
    getItem: async (key) => (map.has(key) ? map.get(key) : null),
    removeItem: async (key) => void map.delete(key),
    clear: async () => map.clear(),
  }
}

/** This package's memoryStorage(), with its entries readable (to copy a stored session into other clients). */
export function inspectableStorage(memoryStorage) {
  const inner = memoryStorage()
  const keys = new Set()
  return {
    getItem: (key) => inner.getItem(key),
    setItem: (key, value) => (keys.add(key), inner.setItem(key, value)),
    removeItem: (key) => (keys.delete(key), inner.removeItem(key)),
    withLock: (name, task) => inner.withLock(name, task),
    entries: () => [...keys].map((key) => [key, inner.getItem(key)]),
  }
}

// ---------------------------------------------------------------------------------------------------------
// Child processes, parent side

/** Forks `self` in a role and returns an RPC: `call(type, args)` resolves with the child's answer. */
function child(role, execArgv = []) {
  const proc = fork(self, [role], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const pending = new Map()
  let next = 0
  let ready
  const readyPromise = new Promise((resolve, reject) => {
    ready = { resolve, reject }
  })
  proc.on('message', (msg) => {
    if (msg.type === 'ready') return ready.resolve(msg.info)
    const waiting = pending.get(msg.id)
    pending.delete(msg.id)
    if (msg.error) waiting?.reject(new Error(`${role} child: ${msg.error}`))
    else waiting?.resolve(msg.result)
  })
  proc.on('exit', (code) => {
    const error = new Error(`${role} child exited with ${code}`)
    ready.reject(error)
    for (const waiting of pending.values()) waiting.reject(error)
  })
  return {
    proc,
    ready: readyPromise,
    call: (type, args = {}) =>
      new Promise((resolve, reject) => {
        const id = next++
        pending.set(id, { resolve, reject })
        proc.send({ id, type, ...args })
      }),
  }
}

/**
 * Starts the local server in a child process, seeded with one pool (MFA optional with TOTP, opt-in device
 * remembering, new devices challenged), one app client and the users of USERS, each with TOTP enrolled.
 * Resolves with `{ endpoint, region, userPoolId, clientId, users: { name: { username, password, secret } },
 * code(secret), advance(ms), counts(), cpuMs(), close() }`.
 */
export async function startServerProcess() {
  const rpc = child('--server')
  const info = await rpc.ready
  return {
    ...info,
    /** A TOTP code for the next 30-second step on the server's clock (the clock is moved on first). */
    code: (secret) => rpc.call('code', { secret }),
    advance: (ms) => rpc.call('advance', { ms }),
    /** Calls received since the last counts(), by X-Amz-Target operation (server side), then reset. */
    counts: () => rpc.call('counts'),
    /** CPU ms the server process has used so far. */
    cpuMs: () => rpc.call('cpu'),
    close: async () => {
      await rpc.call('close').catch(() => undefined)
      rpc.proc.disconnect()
    },
  }
}

/** Runs the heap measurement in a child started with --expose-gc; resolves with its report. */
export async function measureHeapInChild(args) {
  const rpc = child('--heap', ['--expose-gc'])
  await rpc.ready
  try {
    return await rpc.call('measure', args)
  } finally {
    rpc.proc.disconnect()
  }
}

// ---------------------------------------------------------------------------------------------------------
// Child processes, child side

/** Answers the parent's calls with `handlers[type](message)`, then says ready with `info`. */
function serve(handlers, info) {
  process.on('message', async (msg) => {
    try {
      process.send({ id: msg.id, result: await handlers[msg.type](msg) })
    } catch (error) {
      process.send({ id: msg.id, error: String(error?.stack ?? error) })
    }
  })
  process.send({ type: 'ready', info })
}

async function serverChild() {
  // Count every call on the server side by its X-Amz-Target header: the local server is an http.Server made by
  // node:http's createServer, so a listener put in front of its own sees each request (the clients never know).
  const counts = new Map()
  const createServer = http.createServer
  http.createServer = (...args) => {
    const server = createServer(...args)
    server.prependListener('request', (req) => {
      const op = String(req.headers['x-amz-target'] ?? `${req.method} ${req.url}`).replace(/^AWSCognitoIdentityProviderService\./, '')
      counts.set(op, (counts.get(op) ?? 0) + 1)
    })
    return server
  }
  syncBuiltinESMExports() // so that `import { createServer } from 'http'` in dist/ sees the wrapper
  const { startLocalCognito, totp } = await importDist('testing/index.js')
  const cognito = await startLocalCognito({ port: 0 })
  const seeded = await seed(cognito, totp)
  counts.clear()
  serve(
    {
      code: ({ secret }) => {
        cognito.clock.advance(30_000) // a new TOTP step: never a code already used
        return totp(secret, cognito.clock.now())
      },
      advance: ({ ms }) => void cognito.clock.advance(ms),
      counts: () => {
        const out = Object.fromEntries(counts)
        counts.clear()
        return out
      },
      cpu: () => {
        const used = process.cpuUsage()
        return (used.user + used.system) / 1000
      },
      close: () => cognito.close(),
    },
    { endpoint: cognito.endpoint, region: cognito.region, ...seeded },
  )
}

/** Seeds the pool through the real API, with the AWS SDK and dummy credentials (see guides/testing.md). */
async function seed(cognito, totp) {
  const sdk = await import('@aws-sdk/client-cognito-identity-provider')
  const admin = new sdk.CognitoIdentityProviderClient({
    endpoint: cognito.endpoint,
    region: cognito.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  const send = (Command, input) => admin.send(new sdk[Command](input))
  const { UserPool } = await send('CreateUserPoolCommand', {
    PoolName: 'bench-client',
    MfaConfiguration: 'OPTIONAL',
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
  })
  const userPoolId = UserPool.Id
  await send('SetUserPoolMfaConfigCommand', {
    UserPoolId: userPoolId,
    MfaConfiguration: 'OPTIONAL',
    SoftwareTokenMfaConfiguration: { Enabled: true },
  })
  const { UserPoolClient } = await send('CreateUserPoolClientCommand', {
    UserPoolId: userPoolId,
    ClientName: 'bench-client',
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH'],
  })
  const clientId = UserPoolClient.ClientId
  const users = {}
  for (const username of USERS) {
    await send('AdminCreateUserCommand', { UserPoolId: userPoolId, Username: username, MessageAction: 'SUPPRESS' })
    await send('AdminSetUserPasswordCommand', { UserPoolId: userPoolId, Username: username, Password: PASSWORD, Permanent: true })
    // TOTP enrolled as an app's settings page would (the cijs server test does the same), so that the first
    // SRP sign-in of each client asks for a TOTP code and a remembered device then skips it.
    const { AuthenticationResult } = await send('AdminInitiateAuthCommand', {
      UserPoolId: userPoolId,
      ClientId: clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD },
    })
    const AccessToken = AuthenticationResult.AccessToken
    const { SecretCode } = await send('AssociateSoftwareTokenCommand', { AccessToken })
    await send('VerifySoftwareTokenCommand', { AccessToken, UserCode: totp(SecretCode, cognito.clock.now()) })
    await send('SetUserMFAPreferenceCommand', { AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } })
    await send('GlobalSignOutCommand', { AccessToken })
    users[username] = { username, password: PASSWORD, secret: SecretCode }
  }
  admin.destroy()
  return { userPoolId, clientId, users }
}

/**
 * 10,000 clients of this package, each with its own memoryStorage() holding its own copy of one real stored
 * session (tokens, device record), started so that each restores to signedIn without a call. Heap used per
 * client = (heapUsed after - heapUsed before) / N, both after forced GCs.
 */
async function heapChild() {
  const { createAuthClient, fetchTransport, memoryStorage } = await importDist('index.js')
  const { authMachine } = await importDist('machine/index.js')
  const gc = async () => {
    for (let i = 0; i < 4; i++) {
      globalThis.gc()
      await new Promise((resolve) => setImmediate(resolve))
    }
    return process.memoryUsage().heapUsed
  }
  serve({
    measure: async ({ config, entriesJson, count }) => {
      let calls = 0
      const inner = fetchTransport()
      // one transport for all clients, as a server holding many sessions would share one
      const transport = { send: (...args) => (calls++, inner.send(...args)) }
      const make = () => {
        // JSON.parse gives each client its own strings (tokens, device record), as distinct sessions would have
        const storage = memoryStorage(JSON.parse(entriesJson))
        return createAuthClient({ ...config, transport, storage }).start()
      }
      const settle = async (clients) => {
        for (let i = 0; i < 200 && clients.some((c) => c.getView().step !== 'signedIn'); i++) {
          await new Promise((resolve) => setTimeout(resolve, 10))
        }
        return clients.filter((c) => c.getView().step === 'signedIn').length
      }
      // warm-up: load the lazy chunks the client fetches as it starts, then let them go
      const warm = Array.from({ length: 10 }, make)
      await settle(warm)
      for (const c of warm) c.stop()
      warm.length = 0
      const before = await gc()
      const clients = []
      const cpu = process.cpuUsage()
      for (let i = 0; i < count; i++) clients.push(make())
      const signedIn = await settle(clients)
      const used = process.cpuUsage(cpu)
      const after = await gc()
      const sample = clients[0].getView()
      for (const c of clients) c.stop()
      clients.length = 0
      const stopped = await gc()
      const storedBytes = JSON.parse(entriesJson).reduce((sum, [k, v]) => sum + k.length + v.length, 0)
      // for reference: what authMachine.provide() alone retains (createAuthClient makes one machine per client)
      const machines = []
      const beforeMachines = await gc()
      for (let i = 0; i < 1000; i++) machines.push(authMachine.provide({}))
      const provideBytes = ((await gc()) - beforeMachines) / machines.length
      machines.length = 0
      return {
        provideBytes,
        startCpuMs: (used.user + used.system) / 1000 / count,
        count,
        signedIn,
        calls,
        step: sample.step,
        before,
        after,
        stopped,
        perClient: (after - before) / count,
        storedChars: storedBytes,
      }
    },
  })
}

const root = fileURLToPath(new URL('..', import.meta.url))

/** What a profiled function is: SRP math, HTTP, GC, this package, XState, the AWS SDK, or Node/other. */
function categoryOf(frame) {
  const { functionName: name, url } = frame
  if (name === '(idle)') return 'idle'
  if (name === '(garbage collector)') return 'garbage collector'
  if (/^(dh)?(generateKeys|computeSecret)$/.test(name)) return 'SRP: modular exponentiation (OpenSSL)'
  if (/node_modules\/xstate\//.test(url)) return 'XState'
  if (/node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//.test(url)) return 'AWS SDK (transport)'
  if (url.startsWith(`file://${root}dist/`)) return 'cognito-auth-machine (dist/, incl. SRP glue)'
  if (
    /undici|node:_http|node:http|node:net|node:internal\/(webstreams|streams|abort_controller|url|worker)/.test(url) ||
    /^(writev|writeBuffer|writeUtf8String|writeLatin1String)$/.test(name)
  )
    return 'HTTP: fetch/undici or node:http, sockets'
  if (/^(hash|digest|update|createHash|createHmac|randomFill|randomBytes|Hmac|Hash)/i.test(name) || /node:internal\/crypto/.test(url))
    return 'node:crypto (hashes, random)'
  return 'other (Node internals, microtasks, JSON, ...)'
}

/** The top self-time functions of a V8 .cpuprofile (node --cpu-prof or node:inspector), and self time by category. */
export function topSelfTime(profile, top = 25) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const self = new Map()
  const categories = new Map()
  let total = 0
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id).callFrame
    const delta = profile.timeDeltas[i] ?? 0
    const category = categoryOf(frame)
    categories.set(category, (categories.get(category) ?? 0) + delta)
    if (category === 'idle') return
    const where = frame.url ? `${frame.url.replace(`file://${root}`, '')}:${frame.lineNumber + 1}` : ''
    const key = `${frame.functionName || '(anonymous)'} ${where}`.trim()
    self.set(key, (self.get(key) ?? 0) + delta)
    total += delta
  })
  const line = ([key, us]) => `${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`
  return [
    `busy (not idle) ${(total / 1000).toFixed(0)} ms; by category:`,
    ...[...categories]
      .filter(([key]) => key !== 'idle')
      .sort((a, b) => b[1] - a[1])
      .map(line),
    `top ${top} functions by self time:`,
    ...[...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(line),
  ].join('\n')
}

// Run as a child (node bench/client-lib.mjs --server | --heap); importing this file starts nothing.
if (process.argv[1] === self) {
  if (process.argv[2] === '--server') await serverChild()
  else if (process.argv[2] === '--heap') await heapChild()
}
