// npm run bench:sweep — the trust-expiry sweep over a pool of 2,000 users with 3 remembered devices each,
// against the local server in its own process, through the built package (dist/). The sweep decides from
// Cognito's dates: each user's first devices are created a second before the last one, and the sweep
// judges at the moment the first ones are 30 days old, so two of three expire. Prints the time and the
// Cognito calls of the sweep, by operation and per user, and of a second run (idempotence: the listing
// alone). Seeding goes through the real API and is timed apart.
// BENCH_USERS, BENCH_DEVICES and BENCH_CONCURRENCY change the sizes.
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  ConfirmDeviceCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
const { sweepExpiredTrust } = await import('../dist/admin/index.js')
const { createDeviceVerifier } = await import('../dist/srp/index.js')

const USERS = Number(process.env.BENCH_USERS ?? 2000)
const DEVICES = Number(process.env.BENCH_DEVICES ?? 3)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4)
const PASSWORD = 'Passw0rd!'
const DAYS = 30
const DAY = 86_400_000

/** The local server as its own process (its CPU is not the sweep's), on an ephemeral port. */
async function startServer() {
  const child = spawn(process.execPath, [new URL('../dist/testing/cli.js', import.meta.url).pathname, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const endpoint = await new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      if (out.includes('\n')) resolve(out.trim())
    })
    child.once('exit', (code) => reject(new Error(`local server exited (${code})`)))
  })
  return { endpoint, stop: () => child.kill('SIGTERM') }
}

/** An SDK client that counts requests by operation. */
function countingClient(endpoint) {
  const client = new CognitoIdentityProviderClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  })
  const counts = new Map()
  client.middlewareStack.add(
    (next, context) => (args) => {
      const op = context.commandName.replace(/Command$/, '')
      counts.set(op, (counts.get(op) ?? 0) + 1)
      return next(args)
    },
    { step: 'finalizeRequest', name: 'count' },
  )
  return { client, counts }
}

/** Runs `task(i)` for i in [0, n) with at most `limit` at once. */
async function pool(n, limit, task) {
  let next = 0
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < n) await task(next++)
    }),
  )
}

const server = await startServer()
try {
  const { client: sdk } = countingClient(server.endpoint)
  const { UserPool } = await sdk.send(
    new CreateUserPoolCommand({
      PoolName: 'bench-sweep',
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
    }),
  )
  const userPoolId = UserPool.Id
  const { UserPoolClient } = await sdk.send(
    new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'bench', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH'] }),
  )

  const username = (i) => `user${String(i).padStart(5, '0')}`
  /** A new device for the user, confirmed as a client confirms it (remembered at once: this pool does not ask). */
  async function addDevice(Username, d) {
    const auth = await sdk.send(
      new AdminInitiateAuthCommand({
        UserPoolId: userPoolId,
        ClientId: UserPoolClient.ClientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: Username, PASSWORD },
      }),
    )
    const { AccessToken, NewDeviceMetadata: meta } = auth.AuthenticationResult
    const v = await createDeviceVerifier({ deviceGroupKey: meta.DeviceGroupKey, deviceKey: meta.DeviceKey })
    await sdk.send(
      new ConfirmDeviceCommand({
        AccessToken,
        DeviceKey: meta.DeviceKey,
        DeviceName: `bench ${d}`,
        DeviceSecretVerifierConfig: { PasswordVerifier: v.passwordVerifier, Salt: v.salt },
      }),
    )
  }

  const seedStart = performance.now()
  await pool(USERS, 16, async (i) => {
    await sdk.send(new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: username(i), MessageAction: 'SUPPRESS' }))
    await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username(i), Password: PASSWORD, Permanent: true }))
    for (let d = 0; d < DEVICES - 1; d++) await addDevice(username(i), d)
  })
  // DeviceCreateDate has whole seconds: the last devices are created from the next whole second on
  const boundary = (Math.floor(Date.now() / 1000) + 1) * 1000
  await new Promise((resolve) => setTimeout(resolve, boundary - Date.now() + 10))
  await pool(USERS, 16, (i) => addDevice(username(i), DEVICES - 1))
  const seedSeconds = (performance.now() - seedStart) / 1000
  console.log(`seeded ${USERS} users x ${DEVICES} remembered devices through the real API in ${seedSeconds.toFixed(1)} s`)
  // the moment the first devices are 30 days old and the last are not
  const NOW = boundary + DAYS * DAY - 1

  for (const run of ['first run', 'second run']) {
    const { client, counts } = countingClient(server.endpoint)
    const start = performance.now()
    const report = await sweepExpiredTrust({ client, userPoolId, days: DAYS, now: NOW, concurrency: CONCURRENCY })
    const seconds = (performance.now() - start) / 1000
    const byOp = [...counts].map(([op, n]) => `${op} ${n}`).join(', ')
    console.log(
      `sweep ${run} (concurrency ${CONCURRENCY}): ${seconds.toFixed(2)} s, ${report.calls} calls, ` +
        `${(report.calls / USERS).toFixed(3)} per user (${byOp}); ` +
        `${report.usersScanned} users scanned, ${report.devicesExpired} devices expired, ` +
        `${report.errors.length} errors, ${(report.usersScanned / seconds).toFixed(0)} users/s`,
    )
    if (report.errors.length > 0 || !report.complete) {
      console.error(report.errors.slice(0, 5))
      process.exitCode = 1
    }
    const expected = run === 'first run' ? USERS * (DEVICES - 1) : 0
    if (report.usersScanned !== USERS || report.devicesExpired !== expected) {
      console.error(`expected ${USERS} users scanned and ${expected} devices expired`)
      process.exitCode = 1
    }
    client.destroy()
  }
  sdk.destroy()
} finally {
  server.stop()
}
