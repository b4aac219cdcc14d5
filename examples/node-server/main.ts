// The confidential-client BFF: `node examples/node-server/run.mjs` (bundles this file and runs it).
//
// Environment: COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID, COGNITO_CLIENT_SECRET (required);
// COGNITO_ENDPOINT (e.g. the local server); REDIS_URL (default redis://127.0.0.1:6379); PORT (default
// 3000); HOST (default 127.0.0.1); WORKERS (processes behind the one port, default 1); TRUST_DAYS and
// TRUST_ATTRIBUTE (trust expiry kept in a custom attribute for the sweep); TRUST_PROXY=true behind a
// reverse proxy (X-Forwarded-* headers).
import cluster from 'node:cluster'
import { createClient } from 'redis'
import { buildApp } from './app'

function required(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is required`)
  return value
}

async function serve(): Promise<void> {
  const redis = createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' })
  redis.on('error', () => undefined) // reconnects by itself; failed commands surface as StorageError
  await redis.connect()
  const days = Number(process.env.TRUST_DAYS ?? 0)
  const app = buildApp({
    userPoolId: required('COGNITO_USER_POOL_ID'),
    clientId: required('COGNITO_CLIENT_ID'),
    clientSecret: required('COGNITO_CLIENT_SECRET'),
    ...(process.env.COGNITO_ENDPOINT ? { endpoint: process.env.COGNITO_ENDPOINT } : {}),
    ...(days > 0 ? { trust: { days, ...(process.env.TRUST_ATTRIBUTE ? { attribute: process.env.TRUST_ATTRIBUTE } : {}) } } : {}),
    redis,
    servedBy: String(process.pid),
    closeConnections: workers > 1,
    trustProxy: process.env.TRUST_PROXY === 'true',
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
  const stop = () => {
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
