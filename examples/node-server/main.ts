// The confidential-client BFF: `node examples/node-server/run.mjs` (bundles this file and runs it).
//
// Environment (see README.md): COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID, COGNITO_CLIENT_SECRET and
// PUBLIC_ORIGIN (required); COGNITO_ENDPOINT and COGNITO_LOCAL=true (a local server: its JWKS for the
// access tokens); REDIS_URL (default redis://127.0.0.1:6379); REDIS_PREFIX (default bff:); PORT
// (default 3000); HOST (default 127.0.0.1); WORKERS (processes behind the one port, default 1);
// COOKIE_SECURE=false (plain http on a host other than localhost); SESSION_IDLE_MINUTES (30);
// SESSION_ABSOLUTE_MINUTES (480); SIGN_IN_LIMIT_PER_ADDRESS (30); SIGN_IN_LIMIT_PER_USERNAME (10);
// SIGN_IN_LIMIT_WINDOW_MINUTES (15); TRUST_DAYS (trust expiry; run the sweep with the same days) and
// TRUST_ATTRIBUTE (optional: deadlines also written to that custom attribute); TRUST_PROXY behind a reverse proxy (its addresses, comma-separated: the
// client address then comes from X-Forwarded-For); LOG_LEVEL (info).
import cluster from 'node:cluster'
import { createClient } from 'redis'
import { buildApp } from './app'

function required(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is required`)
  return value
}

/** A positive number from the environment, or undefined when unset. */
function positive(name: string): number | undefined {
  const text = process.env[name]
  if (text === undefined || text === '') return undefined
  const value = Number(text)
  if (!(value > 0 && Number.isFinite(value))) throw new Error(`${name} must be a positive number`)
  return value
}

/** `true` or `false` from the environment, or undefined when unset. */
function flag(name: string): boolean | undefined {
  const text = process.env[name]
  if (text === undefined || text === '') return undefined
  if (text !== 'true' && text !== 'false') throw new Error(`${name} must be true or false`)
  return text === 'true'
}

/** TRUST_PROXY: `true`/`false`, or the proxies' addresses or CIDR ranges, comma-separated. */
function proxies(text: string | undefined): boolean | string[] {
  if (text === undefined || text === '' || text === 'false') return false
  if (text === 'true') return true
  return text.split(',').map((entry) => entry.trim())
}

/** Keeps only the keys whose value is set. */
const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T

async function serve(): Promise<void> {
  const redis = createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' })
  redis.on('error', () => undefined) // reconnects by itself; failed commands surface as StorageError
  await redis.connect()
  const days = Number(process.env.TRUST_DAYS ?? 0)
  const local = flag('COGNITO_LOCAL') ?? false
  if (local && !process.env.COGNITO_ENDPOINT) throw new Error('COGNITO_LOCAL=true needs COGNITO_ENDPOINT')
  const app = buildApp({
    userPoolId: required('COGNITO_USER_POOL_ID'),
    clientId: required('COGNITO_CLIENT_ID'),
    clientSecret: required('COGNITO_CLIENT_SECRET'),
    publicOrigin: required('PUBLIC_ORIGIN'),
    ...(process.env.COGNITO_ENDPOINT ? { endpoint: process.env.COGNITO_ENDPOINT } : {}),
    localCognito: local,
    ...(days > 0 ? { trust: { days, ...(process.env.TRUST_ATTRIBUTE ? { attribute: process.env.TRUST_ATTRIBUTE } : {}) } } : {}),
    redis,
    ...(process.env.REDIS_PREFIX ? { prefix: process.env.REDIS_PREFIX } : {}),
    secureCookies: flag('COOKIE_SECURE') ?? true,
    session: defined({ idleMinutes: positive('SESSION_IDLE_MINUTES'), absoluteMinutes: positive('SESSION_ABSOLUTE_MINUTES') }),
    signInLimits: defined({
      perAddress: positive('SIGN_IN_LIMIT_PER_ADDRESS'),
      perUsername: positive('SIGN_IN_LIMIT_PER_USERNAME'),
      windowMinutes: positive('SIGN_IN_LIMIT_WINDOW_MINUTES'),
    }),
    log: { level: process.env.LOG_LEVEL ?? 'info' },
    servedBy: String(process.pid),
    closeConnections: workers > 1,
    trustProxy: proxies(process.env.TRUST_PROXY),
  })
  await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' })
  const stop = () =>
    void app
      .close()
      .then(() => redis.destroy())
      .finally(() => process.exit(0))
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  if (cluster.isWorker) process.send?.('listening')
  else
    process.stdout.write(
      `BFF listening on http://${process.env.HOST ?? '127.0.0.1'}:${app.server.address() && typeof app.server.address() === 'object' ? (app.server.address() as { port: number }).port : ''}/ (pid ${process.pid})\n`,
    )
}

const workers = Math.max(1, Number(process.env.WORKERS ?? 1))
if (workers > 1 && cluster.isPrimary) {
  let ready = 0
  for (let i = 0; i < workers; i++) {
    cluster.fork().on('message', (message) => {
      if (message === 'listening' && ++ready === workers) {
        process.stdout.write(
          `BFF listening on http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT ?? 3000}/ (${workers} processes)\n`,
        )
      }
    })
  }
  // a worker that dies (a crash, a kill) is replaced; its requests in flight are lost, the sign-ins are not
  let stopping = false
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return
    process.stderr.write(`BFF: worker ${worker.process.pid} exited (${signal ?? code}); starting another\n`)
    cluster.fork().on('message', (message) => {
      if (message === 'listening') process.stdout.write(`BFF worker listening again (${workers} processes)\n`)
    })
  })
  const stop = () => {
    stopping = true
    const running = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined)
    let left = running.length
    if (left === 0) process.exit(0)
    for (const worker of running) {
      worker.once('exit', () => --left === 0 && process.exit(0))
      worker.kill('SIGTERM')
    }
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
} else {
  serve().catch((error: unknown) => {
    process.stderr.write(`BFF: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  })
}
