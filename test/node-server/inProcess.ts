// The BFF's Fastify app in this process, for the tests that need what only the app's configuration can
// give: its clock (session timeouts, rate-limit windows), small limits, its own Redis prefix, its log.
import type { BffOptions } from '../../examples/node-server/app'
import { loadFromSource } from '../../examples/loadFromSource.mjs'
import { freePort } from '../ports'

/** A clock the test moves by hand. */
export interface TestClock {
  now(): number
  advance(ms: number): void
}

/** A clock that starts at the real time and moves only when told. */
export function testClock(): TestClock {
  let now = Date.now()
  return { now: () => now, advance: (ms) => void (now += ms) }
}

/** A running in-process BFF. */
export interface InProcessBff {
  readonly url: string
  readonly origin: string
  /** Its log lines (JSON, one per line). */
  readonly logs: string[]
  close(): Promise<void>
}

type BuildApp = (options: BffOptions) => {
  listen(options: { port: number; host: string }): Promise<string>
  close(): Promise<unknown>
}

/**
 * Builds the example's app from source (as `run.mjs` does) and listens on a free loopback port. The
 * origin it answers to is given to it as `publicOrigin`.
 *
 * @param options - everything but `publicOrigin` and the log, which this sets
 */
export async function startInProcessBff(options: Omit<BffOptions, 'publicOrigin' | 'log'>): Promise<InProcessBff> {
  const { buildApp } = (await loadFromSource('examples/node-server/app.ts')) as { buildApp: BuildApp }
  const port = await freePort()
  const origin = `http://127.0.0.1:${port}`
  const logs: string[] = []
  const app = buildApp({
    ...options,
    publicOrigin: origin,
    log: { level: 'info', stream: { write: (line: string) => void logs.push(line) } },
  })
  await app.listen({ port, host: '127.0.0.1' })
  return { url: `${origin}/`, origin, logs, close: async () => void (await app.close()) }
}
