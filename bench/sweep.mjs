// npm run bench:sweep — the trust-expiry sweep over a pool of 2,000 users with 3 remembered devices each
// (two of them past their trust deadline), against the local server in its own process, through the
// built package (dist/). Prints the time and the Cognito calls of the sweep, by operation, and of a
// second run (idempotence: only ListUsers). Seeding goes through the real API and is timed apart.
// BENCH_USERS, BENCH_DEVICES and BENCH_CONCURRENCY change the sizes.
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
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
const ATTRIBUTE = 'custom:trusted_devices'
const PASSWORD = 'Passw0rd!'
const DAY = 86_400_000
const NOW = Date.now()

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
      Schema: [{ Name: 'trusted_devices', AttributeDataType: 'String', Mutable: true }],
    }),
  )
  const userPoolId = UserPool.Id
  const { UserPoolClient } = await sdk.send(
    new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'bench', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH'] }),
  )

  const seedStart = performance.now()
  await pool(USERS, 16, async (i) => {
    const Username = `user${String(i).padStart(5, '0')}`
    await sdk.send(new AdminCreateUserCommand({ UserPoolId: userPoolId, Username, MessageAction: 'SUPPRESS' }))
    await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username, Password: PASSWORD, Permanent: true }))
    const map = {}
    for (let d = 0; d < DEVICES; d++) {
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
      // Every device but the last is past its deadline; the last is trusted for 10 more days.
      map[meta.DeviceKey] = Math.floor((NOW + (d === DEVICES - 1 ? 10 : -1 - d) * DAY) / 1000)
    }
    await sdk.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: userPoolId,
        Username,
        UserAttributes: [{ Name: ATTRIBUTE, Value: JSON.stringify(map) }],
      }),
    )
  })
  const seedSeconds = (performance.now() - seedStart) / 1000
  console.log(`seeded ${USERS} users x ${DEVICES} remembered devices through the real API in ${seedSeconds.toFixed(1)} s`)

  for (const run of ['first run', 'second run']) {
    const { client, counts } = countingClient(server.endpoint)
    const start = performance.now()
    const report = await sweepExpiredTrust({ client, userPoolId, attribute: ATTRIBUTE, now: NOW, concurrency: CONCURRENCY })
    const seconds = (performance.now() - start) / 1000
    const byOp = [...counts].map(([op, n]) => `${op} ${n}`).join(', ')
    console.log(
      `sweep ${run} (concurrency ${CONCURRENCY}): ${seconds.toFixed(2)} s, ${report.calls} calls (${byOp}); ` +
        `${report.usersScanned} users scanned, ${report.devicesExpired} devices expired, ${report.entriesPruned} entries pruned, ` +
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
