import { spawn, type ChildProcess } from 'node:child_process'

/** The BFF example as its own process (and its workers), started with `node examples/node-server/run.mjs`. */
export interface BffProcess {
  readonly url: string
  /** Everything it wrote to stdout and stderr (its log lines), since it started. */
  output(): string
  /** Stops it (SIGTERM to the primary, which stops its workers) and waits for it to exit. */
  stop(): Promise<void>
}

/**
 * Starts the BFF on `port` and resolves once it prints that it is listening.
 *
 * @param port - the port (kept across restarts)
 * @param env - COGNITO_*, REDIS_URL, WORKERS, TRUST_*, PUBLIC_ORIGIN, ...
 */
export async function startBff(port: number, env: Record<string, string>): Promise<BffProcess> {
  const child: ChildProcess = spawn(process.execPath, ['examples/node-server/run.mjs'], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString()
      if (output.includes('BFF listening')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`BFF exited (${code}) before listening:\n${output}`)))
  })
  return {
    url: `http://127.0.0.1:${port}/`,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
