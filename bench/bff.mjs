// npm run bench:bff — the confidential-client BFF (examples/node-server) under many concurrent users: two
// worker processes behind one port, one redis-server, the local server (dist/testing) as Cognito in a process
// of its own, and one worker killed (SIGKILL) part way through; the primary starts another in its place.
//
// Each user is a plain HTTP client with a cookie jar that follows the BFF's own forms (CSRF token included):
//   start page -> password -> TOTP code -> remember this browser -> signed-in page -> /api/me -> sign out,
//   then BENCH_AGAIN times: password (device SRP, no MFA) -> /api/me -> sign out.
// A user decides each move from the page it is shown, like a person would, so a request cut by the kill is
// followed by a fresh look at the start page and the next move from there (a TOTP code of a later time step
// when one may have been spent: the local server refuses a code used once).
//
// Printed: sign-ins per second over the run; p50 and p95 latency of each step (POST + the redirected GET, as a
// browser sees it) beside the local server's own time for the Cognito calls that step makes (the calls seen
// for it in an untimed single-user pass, at their mean time during the run); the local server's time by
// operation; and the counts that must be zero:
//   lost or corrupted device records  a remembered browser asked for MFA again, or its record in Redis missing,
//                                     unreadable or not the device Cognito remembers for the user
//   another user's page               a page or /api/me naming someone else
//   failures not caused by the kill   a step that went wrong for a user none of whose requests the kill cut
//   unrecovered users                 a user the kill cut who did not get through every step afterwards
//   password in the log               any user's password in the BFF's log
// Exit 1 when one of them is not zero, or when the kill cut nothing (the run then proved nothing about it).
//
// Environment: BENCH_USERS (120), BENCH_CONCURRENCY (40), BENCH_AGAIN (3). Needs `npm run build` (dist/testing).
import { fork, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import http from 'node:http'
import { createServer as netServer } from 'node:net'
import { syncBuiltinESMExports } from 'node:module'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
/** BENCH_TRACE=1: every request a user makes, on stderr. */
const trace = process.env.BENCH_TRACE ? (line) => process.stderr.write(`${line}\n`) : () => {}

// ---------------------------------------------------------------------------------------------------------
// The local server, in its own process: every request timed from arrival to the end of its answer.

async function serverChild() {
  const timings = new Map()
  const createServer = http.createServer
  http.createServer = (...args) => {
    const server = createServer(...args)
    server.prependListener('request', (req, res) => {
      const op = String(req.headers['x-amz-target'] ?? `${req.method} ${req.url?.replace(/\/[\w-]+_\w+\//, '/{pool}/')}`).replace(
        /^AWSCognitoIdentityProviderService\./,
        '',
      )
      const start = performance.now()
      res.once('finish', () => {
        if (!timings.has(op)) timings.set(op, [])
        timings.get(op).push(performance.now() - start)
      })
    })
    return server
  }
  syncBuiltinESMExports() // so that dist/'s `import { createServer } from 'node:http'` sees the wrapper
  const { startLocalCognito } = await import('../dist/testing/index.js')
  const cognito = await startLocalCognito({ port: 0, rejectReusedTotp: true })
  process.on('message', async (msg) => {
    if (msg.type === 'take') {
      process.send({ id: msg.id, result: Object.fromEntries(timings) })
      timings.clear()
    } else if (msg.type === 'close') {
      await cognito.close()
      process.send({ id: msg.id, result: null })
      process.disconnect()
    }
  })
  process.send({ type: 'ready', endpoint: cognito.endpoint, region: cognito.region })
}

async function startServerChild() {
  const child = fork(fileURLToPath(import.meta.url), ['--server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const pending = new Map()
  let next = 0
  const ready = new Promise((resolve, reject) => {
    child.on('message', (msg) => {
      if (msg.type === 'ready') resolve(msg)
      else pending.get(msg.id)?.(msg.result)
    })
    child.once('exit', (code) => reject(new Error(`local server exited (${code})`)))
  })
  const call = (type) => new Promise((resolve) => (pending.set(++next, resolve), child.send({ type, id: next })))
  const info = await ready
  return { ...info, process: child, take: () => call('take'), close: () => call('close') }
}

// ---------------------------------------------------------------------------------------------------------
// Redis and the BFF as child processes.

function freePort() {
  return new Promise((resolve, reject) => {
    const server = netServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** Spawns a process and resolves once its output shows `ready`. */
function started(command, args, env, ready, output = { text: '' }) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    const onData = (d) => {
      output.text += d
      if (output.text.includes(ready)) resolve(child)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}) before it was ready:\n${output.text.slice(-2000)}`)))
  })
}

const stopped = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })

// ---------------------------------------------------------------------------------------------------------
// Seeding, through the AWS SDK (it signs with the dummy credentials, as the local server requires).

async function seed(sdkModule, endpoint, region, users, totpOf) {
  const {
    AdminCreateUserCommand,
    AdminSetUserMFAPreferenceCommand,
    AdminSetUserPasswordCommand,
    AssociateSoftwareTokenCommand,
    CognitoIdentityProviderClient,
    CreateUserPoolClientCommand,
    CreateUserPoolCommand,
    InitiateAuthCommand,
    RespondToAuthChallengeCommand,
    SetUserPoolMfaConfigCommand,
    VerifySoftwareTokenCommand,
  } = sdkModule
  const sdk = new CognitoIdentityProviderClient({ endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
  const { UserPool } = await sdk.send(
    new CreateUserPoolCommand({
      PoolName: 'bench-bff',
      MfaConfiguration: 'ON',
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
    }),
  )
  const userPoolId = UserPool.Id
  await sdk.send(
    new SetUserPoolMfaConfigCommand({ UserPoolId: userPoolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }),
  )
  // the BFF's confidential client (SRP and refresh only), and a public one for enrolling users in TOTP
  const bffClient = await sdk.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'bff',
      GenerateSecret: true,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  )
  const enrolClient = await sdk.send(
    new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'enrol', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }),
  )
  await inBatches(users, 8, async (user) => {
    await sdk.send(new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: user.username, MessageAction: 'SUPPRESS' }))
    await sdk.send(
      new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: user.username, Password: user.password, Permanent: true }),
    )
    const first = await sdk.send(
      new InitiateAuthCommand({
        ClientId: enrolClient.UserPoolClient.ClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
      }),
    )
    const associated = await sdk.send(new AssociateSoftwareTokenCommand({ Session: first.Session }))
    user.secret = associated.SecretCode
    const verified = await sdk.send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: totpOf(user) }))
    await sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: enrolClient.UserPoolClient.ClientId,
        ChallengeName: 'MFA_SETUP',
        Session: verified.Session,
        ChallengeResponses: { USERNAME: user.username },
      }),
    )
    await sdk.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: userPoolId,
        Username: user.username,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    )
  })
  return { sdk, userPoolId, clientId: bffClient.UserPoolClient.ClientId, clientSecret: bffClient.UserPoolClient.ClientSecret }
}

async function inBatches(items, limit, task) {
  let next = 0
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await task(items[next++])
    }),
  )
}

// ---------------------------------------------------------------------------------------------------------
// A user: an HTTP client with a cookie jar, following the BFF's forms.

const REQUEST_TIMEOUT_MS = 20_000

/** A request cut by the kill (or refused while the worker was gone): the network failed, not the app. */
class Cut extends Error {}

/** One HTTP request; resolves with status, headers and body, rejects with Cut when the connection fails. */
function request(base, method, path, jar, body) {
  const url = new URL(path, base)
  const headers = { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') }
  if (body !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded'
    headers.origin = base.replace(/\/$/, '')
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method, headers, agent: false }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d) => (text += d))
      res.on('end', () => {
        for (const line of res.headers['set-cookie'] ?? []) {
          const [pair, ...attributes] = line.split(';')
          const eq = pair.indexOf('=')
          const name = pair.slice(0, eq).trim()
          const value = pair.slice(eq + 1).trim()
          if (attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a)) || value === '')
            jar.delete(name)
          else jar.set(name, value)
        }
        resolve({ status: res.statusCode, headers: res.headers, body: text })
      })
      res.on('error', (error) => reject(new Cut(error.message)))
    })
    req.on('error', (error) => reject(new Cut(error.message)))
    // a connection handed to a worker as it died may never be answered
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)))
    req.end(body === undefined ? undefined : new URLSearchParams(body).toString())
  })
}

const unescape = (text) =>
  text
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')

/** What a page shows: its title, its CSRF token, its error and notice, the serving process. */
function readPage(response) {
  const { body } = response
  return {
    status: response.status,
    title: unescape(/<h1>([^<]*)<\/h1>/.exec(body)?.[1]?.trim() ?? ''),
    csrf: /name="csrf" value="([^"]+)"/.exec(body)?.[1],
    error: /data-code="([^"]+)"/.exec(body)?.[1] ?? null,
    remembered: /id="device-status"[\s\S]*?remembered/.test(body),
    servedBy: response.headers['x-served-by'],
    body,
  }
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  const USERS = Number(process.env.BENCH_USERS ?? 120)
  const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 40)
  const AGAIN = Number(process.env.BENCH_AGAIN ?? 3)
  const { totp } = await import('../dist/testing/index.js')
  const sdkModule = await import('@aws-sdk/client-cognito-identity-provider')
  const { createClient } = await import('redis')

  const users = Array.from({ length: USERS }, (_, i) => ({
    username: `user-${String(i).padStart(4, '0')}`,
    password: `Bench-Password-${i}-${Math.random().toString(36).slice(2, 10)}`,
    secret: '',
    lastStep: -1,
  }))
  /** A TOTP code of a time step after every one this user has used (the server refuses a step twice); waits when it must. */
  async function freshCode(user) {
    for (;;) {
      const now = Math.floor(Date.now() / 30_000)
      const step = Math.max(now, user.lastStep + 1)
      if (step <= now + 1) {
        user.lastStep = step
        return totp(user.secret, step * 30_000)
      }
      await sleep(1_000)
    }
  }
  const totpNow = (user) => {
    user.lastStep = Math.floor(Date.now() / 30_000)
    return totp(user.secret, user.lastStep * 30_000)
  }

  const children = []
  const bail = () => {
    for (const child of children) child.kill('SIGTERM')
    process.exit(130)
  }
  process.once('SIGINT', bail)
  process.once('SIGTERM', bail)
  const server = await startServerChild()
  children.push(server.process)
  const redisPort = await freePort()
  const redisServer = await started(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    process.env,
    'Ready to accept connections',
  )
  children.push(redisServer)
  const redis = await createClient({ url: `redis://127.0.0.1:${redisPort}` }).connect()
  const port = await freePort()
  const base = `http://127.0.0.1:${port}/`
  let bff
  const log = { text: '' }
  try {
    const seedStart = performance.now()
    const probe = { username: 'probe', password: `Probe-Password-9-${Math.random().toString(36).slice(2, 10)}`, secret: '', lastStep: -1 }
    const pool = await seed(sdkModule, server.endpoint, server.region, [probe, ...users], totpNow)
    console.log(`seeded ${USERS} users with TOTP in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`)
    bff = await started(
      process.execPath,
      ['examples/node-server/run.mjs'],
      {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        WORKERS: '2',
        PUBLIC_ORIGIN: base.replace(/\/$/, ''),
        COGNITO_USER_POOL_ID: pool.userPoolId,
        COGNITO_CLIENT_ID: pool.clientId,
        COGNITO_CLIENT_SECRET: pool.clientSecret,
        COGNITO_ENDPOINT: server.endpoint,
        COGNITO_LOCAL: 'true',
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        // every simulated user comes from 127.0.0.1: the per-address limit would count them all as one client
        SIGN_IN_LIMIT_PER_ADDRESS: '1000000',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      'BFF listening',
      log,
    )
    children.push(bff)

    const counts = {
      signIns: 0,
      cut: 0,
      retries: 0,
      freshCodes: 0,
      lostDevice: 0,
      crossUser: 0,
      otherFailures: 0,
      unrecovered: 0,
      passwordsInLog: 0,
    }
    const latencies = new Map()
    const stepOps = new Map()
    let observing = false
    const workers = new Set()
    let killed = null
    // an untimed pass with one user first (below): which Cognito calls each step makes

    /**
     * One user's whole run; `observe` records the server calls of each step (the untimed pass). A user the
     * kill cut is `tainted`: what goes wrong afterwards may be the kill's doing, and it only has to recover.
     */
    async function runUser(user, observe = false) {
      const jar = new Map()
      let tainted = false
      let remembered = false
      const failures = []
      const failure = (what) => (tainted ? counts.retries++ : failures.push(what))
      /** A GET or a POST and the page it leads to (following a 303), timed as one step. */
      async function visit(name, method, path, fields) {
        if (observe) await server.take()
        trace(`${user.username} ${method} ${path}`)
        const t0 = performance.now()
        let response = await request(base, method, path, jar, fields)
        if (response.status === 303) response = await request(base, 'GET', response.headers.location, jar)
        const ms = performance.now() - t0
        const page = readPage(response)
        if (page.servedBy) workers.add(page.servedBy)
        if (observe) stepOps.set(name, Object.keys(await server.take()))
        if (/^Signed in as /.test(page.title) && page.title !== `Signed in as ${user.username}`) counts.crossUser++
        if (!observing && !tainted) (latencies.get(name) ?? latencies.set(name, []).get(name)).push(ms)
        return page
      }
      /** The start page, asked again until a worker answers. */
      async function look() {
        for (let tries = 1; ; tries++) {
          try {
            return await visit('start page', 'GET', '/')
          } catch (error) {
            if (!(error instanceof Cut) || tries === 100) throw error
            counts.cut++
            tainted = true
            await sleep(20 * Math.min(tries, 10))
          }
        }
      }
      /** One move; when the kill cuts it, the user looks at the start page and goes on from what it shows. */
      async function move(name, method, path, fields, ok) {
        try {
          const page = await visit(name, method, path, fields)
          if (!ok(page)) failure(`${name}: ${page.status} ${page.title} ${page.error ?? ''}`)
          return page
        } catch (error) {
          if (!(error instanceof Cut)) throw error
          counts.cut++
          tainted = true
          return look()
        }
      }
      const fine = (page) => page.status === 200 && page.error === null

      let page = await look()
      for (let round = 0; round <= AGAIN; round++) {
        let signedIn = false
        let codes = 0
        for (let moves = 0; ; moves++) {
          if (moves > 40) {
            failures.push(`round ${round} did not finish`)
            if (tainted) counts.unrecovered++
            return
          }
          const title = page.title
          if (title === 'Sign in' && signedIn) break // signed out again: the round is done
          if (title === 'Sign in') {
            const name = round === 0 ? 'password (SRP)' : 'password (SRP, device SRP)'
            page = await move(name, 'POST', '/sign-in', { username: user.username, password: user.password, csrf: page.csrf }, fine)
          } else if (title === 'Enter your code') {
            if (remembered) counts.lostDevice++ // a remembered browser asked for MFA again
            if (codes > 0) counts.freshCodes++ // a code was sent already in this sign-in: it may have been spent
            codes++
            const code = await freshCode(user)
            page = await move('TOTP code', 'POST', '/mfa', { code, csrf: page.csrf }, fine)
          } else if (title === 'Remember this browser?') {
            page = await move('remember', 'POST', '/remember', { remember: 'yes', csrf: page.csrf }, fine)
          } else if (title === `Signed in as ${user.username}`) {
            if (!signedIn) {
              signedIn = true
              counts.signIns++
              if (round === 0 && page.remembered) remembered = true
              else if (round === 0) failure('signed in, but the browser is not remembered')
              for (let tries = 0; ; tries++) {
                try {
                  const me = await visit('GET /api/me (aws-jwt-verify)', 'GET', '/api/me')
                  const claims = me.status === 200 ? JSON.parse(me.body) : null
                  if (claims?.username !== user.username) claims ? counts.crossUser++ : failure(`/api/me: ${me.status}`)
                  break
                } catch (error) {
                  if (!(error instanceof Cut) || tries === 100) throw error
                  counts.cut++
                  tainted = true
                  await sleep(20 * Math.min(tries + 1, 10))
                }
              }
            }
            page = await move('sign out', 'POST', '/sign-out', { csrf: page.csrf }, (p) => p.title === 'Sign in')
          } else {
            // an error page, a failed step, a session that ended: look at the start page again
            failure(`${page.status} ${title} ${page.error ?? ''}`)
            page =
              title === 'Something went wrong' && page.csrf
                ? await move('cancel', 'POST', '/cancel', { csrf: page.csrf }, () => true)
                : await look()
          }
        }
      }
      // the device record behind this browser's device cookie: present, whole, and the device Cognito remembers
      const device = [...jar].find(([name]) => name.endsWith('cam_device'))?.[1]
      const scope = device && createHash('sha256').update(device).digest('base64url')
      const keys = scope ? await redis.keys(`bff:d:${scope}:*.device.*`) : []
      let stored = null
      try {
        stored = keys.length === 1 ? JSON.parse(await redis.get(keys[0])) : null
      } catch {
        stored = null
      }
      const listed = await pool.sdk.send(new sdkModule.AdminListDevicesCommand({ UserPoolId: pool.userPoolId, Username: user.username }))
      const known = (listed.Devices ?? []).filter((d) =>
        d.DeviceAttributes?.some((a) => a.Name === 'dev:device_remembered_status' && a.Value === 'remembered'),
      )
      if (!stored || typeof stored.devicePassword !== 'string' || !known.some((d) => d.DeviceKey === stored.deviceKey)) counts.lostDevice++
      if (failures.length) {
        counts.otherFailures += failures.length
        console.log(`${user.username}: ${failures.join('; ')}`)
      }
    }

    observing = true
    await runUser(probe, true)
    observing = false
    await server.take()
    const probeCounts = { ...counts }
    for (const key of Object.keys(counts)) counts[key] = 0

    // ---- the timed run
    const planned = USERS * (1 + AGAIN)
    const start = performance.now()
    const killer = (async () => {
      while (counts.signIns < planned / 3) await sleep(20)
      const victim = [...workers][0]
      killed = { pid: victim, at: performance.now() - start }
      process.kill(Number(victim), 'SIGKILL')
    })()
    await inBatches(users, CONCURRENCY, (user) => runUser(user))
    const elapsed = (performance.now() - start) / 1000
    await killer
    const serverTimes = await server.take()

    for (const user of [probe, ...users]) if (log.text.includes(user.password)) counts.passwordsInLog++

    // ---- report
    const pct = (values, p) => {
      const sorted = [...values].sort((a, b) => a - b)
      return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN
    }
    const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length
    const f = (ms) => (Number.isFinite(ms) ? ms.toFixed(1).padStart(7) : '      -')
    console.log(
      `\n${USERS} users, ${CONCURRENCY} at a time, each: sign-in with TOTP + remember, then ${AGAIN} sign-ins on the remembered browser`,
    )
    console.log(
      `two workers, one redis-server; worker ${killed?.pid} killed (SIGKILL) at ${(killed?.at / 1000).toFixed(1)} s, replaced by the primary`,
    )
    console.log(`\nsign-ins: ${counts.signIns} in ${elapsed.toFixed(1)} s = ${(counts.signIns / elapsed).toFixed(1)} per second`)
    console.log(
      `\n${'step'.padEnd(32)}${'n'.padStart(6)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}   local server's own ms (its calls)`,
    )
    for (const [name, values] of latencies) {
      if (name === 'start page' && values.every((v) => v === 0)) continue
      const ops = stepOps.get(name) ?? []
      const own = ops.reduce((sum, op) => sum + (serverTimes[op] ? mean(serverTimes[op]) : 0), 0)
      console.log(
        `${name.padEnd(32)}${String(values.length).padStart(6)}  ${f(pct(values, 50))}  ${f(pct(values, 95))}   ${f(own)} (${ops.join(', ') || 'none'})`,
      )
    }
    console.log(`\n${'local server, by operation'.padEnd(32)}${'n'.padStart(6)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}`)
    for (const [op, values] of Object.entries(serverTimes).sort()) {
      console.log(`${op.padEnd(32)}${String(values.length).padStart(6)}  ${f(pct(values, 50))}  ${f(pct(values, 95))}`)
    }
    console.log(
      `\nthe kill: ${counts.cut} requests cut; the users it cut met ${counts.retries} consequence(s) on the way back (a page or step that went wrong after the cut); ${counts.freshCodes} second TOTP code(s) in one sign-in`,
    )
    const zero = {
      'lost or corrupted device records': counts.lostDevice + probeCounts.lostDevice,
      "a user seeing another user's page": counts.crossUser + probeCounts.crossUser,
      'steps failed for a reason other than the kill': counts.otherFailures + probeCounts.otherFailures,
      'users the kill cut who did not finish': counts.unrecovered,
      'passwords in the BFF log': counts.passwordsInLog,
    }
    console.log('\nmust be zero:')
    for (const [name, value] of Object.entries(zero)) console.log(`  ${name.padEnd(48)}${value}`)
    let bad = Object.values(zero).some((v) => v !== 0)
    if (counts.cut === 0) {
      console.log('\nthe kill cut no request: run again with more users (BENCH_USERS) so it lands mid-run')
      bad = true
    }
    process.exitCode = bad ? 1 : 0
  } finally {
    if (bff) await stopped(bff)
    redis.destroy()
    await stopped(redisServer)
    await server.close()
  }
}

if (process.argv[2] === '--server') await serverChild()
else await main()
