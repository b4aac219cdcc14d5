import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { StorageError } from './StorageError'

/** The one method of a node-redis client (or pool) the Redis adapter uses; `createClient()` fits. */
export interface RedisCommander {
  /** Sends one raw command and resolves with its reply; `timeout` (ms) drops it from the queue when it expires. */
  sendCommand(args: string[], options?: { timeout?: number }): Promise<unknown>
}

/** Timing of {@link RedisStorageOptions.lock}. */
export interface RedisLockOptions {
  /** How long a lock is held before Redis drops it should its holder die, in ms; renewed while the task runs. Default 10 000. */
  leaseMs?: number
  /** How long `withLock` waits for a lock held by someone else before it gives up, in ms. Default 10 000. */
  waitMs?: number
}

/** Deletes the lock only if it still holds our token (another holder may own it after a lapse). */
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"
/** Extends the lease only if it still holds our token. */
const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end"

/**
 * `withLock` gave up: another holder kept the lock for longer than {@link RedisLockOptions.waitMs}.
 * A {@link StorageError} (reason `'unavailable'`, operation `'setItem'` of the lock key, which is what
 * acquiring it does), so callers that handle storage failures handle this too.
 */
export class RedisLockTimeoutError extends StorageError {
  /** The lock's name as given to `withLock`. */
  readonly lock: string

  /**
   * @param lock - the lock's name
   * @param key - the Redis key of the lock
   * @param waitedMs - how long it waited
   */
  constructor(lock: string, key: string, waitedMs: number) {
    super('unavailable', 'setItem', key, new Error(`lock "${lock}" still held by another client after ${waitedMs} ms`))
    this.name = 'RedisLockTimeoutError'
    this.lock = lock
  }
}

/**
 * An exclusive lock in Redis shared by every process that uses the same server and key: `SET key token
 * NX PX lease` to take it, renewed while the task runs, and a Lua compare-and-delete to give it back, so
 * a holder whose lease lapsed never deletes someone else's lock. Waiting polls with a growing delay up to
 * `waitMs`, then fails with {@link RedisLockTimeoutError}.
 *
 * A release that fails (Redis went away) is not reported: the task's own outcome is, and the lease
 * frees the lock within `leaseMs`.
 *
 * @param send - sends one command (with the adapter's error mapping and timeout)
 * @param options - lease and wait times
 * @internal
 */
export function redisLock(send: (args: string[], key: string) => Promise<unknown>, options: RedisLockOptions = {}) {
  const leaseMs = options.leaseMs ?? 10_000
  const waitMs = options.waitMs ?? 10_000
  return async function withRedisLock<T>(name: string, key: string, task: () => Promise<T>): Promise<T> {
    const token = randomUUID()
    const started = Date.now()
    for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
      if ((await send(['SET', key, token, 'NX', 'PX', String(leaseMs)], key)) !== null) break
      const waited = Date.now() - started
      if (waited >= waitMs) throw new RedisLockTimeoutError(name, key, waited)
      await sleep(Math.min(delay + Math.random() * delay, waitMs - waited))
    }
    const renewal = setInterval(
      () => {
        send(['EVAL', RENEW, '1', key, token, String(leaseMs)], key).catch(() => undefined)
      },
      Math.max(1, Math.floor(leaseMs / 3)),
    )
    renewal.unref()
    try {
      return await task()
    } finally {
      clearInterval(renewal)
      await send(['EVAL', RELEASE, '1', key, token], key).catch(() => undefined)
    }
  }
}
