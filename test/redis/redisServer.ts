import { freePort } from '../ports'
import { spawn, type ChildProcess } from 'node:child_process'
import { createClient } from 'redis'
import { redisServerPath } from '../../scripts/programs.mjs'

/** A redis-server child process on a loopback port, with no persistence. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string
  /** The TCP port. */
  readonly port: number
  /** Freezes the process (SIGSTOP): connections stay open, nothing answers. */
  pause(): void
  /** Thaws it (SIGCONT). */
  resume(): void
  /** Stops the process and waits for it to exit. */
  stop(): Promise<void>
  /** Starts it again on the same port (empty: there is no persistence). */
  restart(): Promise<void>
}

function launch(port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      redisServerPath(),
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--loglevel',
        'notice',
        '--enable-debug-command',
        'local',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let output = ''
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData)
        child.stdout?.resume()
        resolve(child)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.resume()
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)))
  })
}

/**
 * Starts `redis-server` (REDIS_SERVER_PATH, else the one on PATH: Debian's package here and in CI) on a random loopback port with `--save '' --appendonly no`.
 * Tests stop it in `afterAll`.
 */
export async function startRedis(): Promise<RedisServer> {
  let lastError: unknown
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort()
    try {
      let child = await launch(port)
      const stop = () =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve()
          child.once('exit', () => resolve())
          child.kill('SIGCONT')
          child.kill('SIGTERM')
        })
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        pause: () => void child.kill('SIGSTOP'),
        resume: () => void child.kill('SIGCONT'),
        stop,
        restart: async () => {
          await stop()
          child = await launch(port)
        },
      }
    } catch (error) {
      lastError = error
    }
  }
  throw lastError
}

/** A connected node-redis client that does not log reconnection noise; `close()` it after use. */
export async function connect(url: string) {
  const client = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(20 * 2 ** retries, 200) } })
  client.on('error', () => undefined)
  return client.connect()
}
