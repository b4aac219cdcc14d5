import type { AuthStorage } from 'cognito-auth-machine'
import { exclusiveLock } from './exclusiveLock'
import { redisLock, type RedisCommander, type RedisLockOptions } from './redisLock'
import { StorageError, type StorageOperation } from './StorageError'

export { StorageError, isStorageError, type StorageFailure, type StorageOperation } from './StorageError'
export { RedisLockTimeoutError, type RedisCommander, type RedisLockOptions } from './redisLock'

/** Options of {@link redisStorage}. */
export interface RedisStorageOptions {
  /**
   * A connected node-redis client (`await createClient({ url }).connect()`) or client pool (anything
   * with node-redis' `sendCommand(args, options)`; a Redis Cluster client, whose `sendCommand` differs,
   * is not). The adapter neither connects nor closes it.
   */
  client: RedisCommander
  /** Put before every key (and lock), so several apps or pools can share a Redis. Default `'cognito-auth-machine:'`. */
  prefix?: string
  /**
   * How long a key lives, in seconds, from its last write; `undefined` for no expiry (the default for
   * every key). Give in-flight sign-ins (a persisted snapshot waiting for an MFA code) a TTL a little
   * above the app client's `AuthSessionValidity`, so abandoned ones clean themselves up; keep device
   * records without one.
   */
  ttl?: (key: string) => number | undefined
  /**
   * How long one command may take, queueing included, before it fails with a {@link StorageError}
   * (reason `'unavailable'`), in ms. Default 5 000. A command that times out before it was sent is
   * dropped, never sent later; one that was sent to a Redis that stopped answering may still be carried
   * out when it comes back (a whole value, never half of one).
   */
  commandTimeoutMs?: number
  /** Lease and wait times of `withLock`. */
  lock?: RedisLockOptions
}

/** What {@link redisStorage} returns: an asynchronous {@link AuthStorage} whose lock holds across processes. */
export interface RedisAuthStorage extends AuthStorage {
  /** The key prefix in use. */
  readonly prefix: string
  getItem(key: string): Promise<string | null>
  setItem(key: string, value: string): Promise<void>
  removeItem(key: string): Promise<void>
  withLock<T>(name: string, task: () => Promise<T>): Promise<T>
}

/** node-redis error classes for a reply the server sent (as opposed to a connection failure or timeout). */
const SERVER_REPLY = new Set(['ErrorReply', 'SimpleError', 'BlobError', 'MultiErrorReply'])

/** Maps a node-redis failure: the server's out-of-memory reply is `'quota'`, any other reply `'failed'`, the rest `'unavailable'`. */
function toRedisStorageError(operation: StorageOperation, key: string, cause: unknown): StorageError {
  if (cause instanceof StorageError) return cause
  const kind = (cause as { constructor?: { name?: unknown } } | null)?.constructor?.name
  if (typeof kind === 'string' && SERVER_REPLY.has(kind)) {
    const oom = String((cause as { message?: unknown }).message).startsWith('OOM')
    return new StorageError(oom ? 'quota' : 'failed', operation, key, cause)
  }
  return new StorageError('unavailable', operation, key, cause)
}

/**
 * An {@link AuthStorage} in Redis over node-redis (the `redis` package), for servers: several processes
 * behind one port share device records and in-flight sign-ins. Every key gets a prefix; keys may get a
 * TTL ({@link RedisStorageOptions.ttl}); `withLock` is a Redis lock (`SET NX PX` with a token, renewed
 * while held, released by a compare-and-delete script), so two requests that race on the same device
 * record run one after the other in any process, and no write is lost.
 *
 * Every failure rejects with a {@link StorageError}: `'unavailable'` when Redis cannot be reached or does
 * not answer within {@link RedisStorageOptions.commandTimeoutMs} (it never hangs), `'quota'` when Redis
 * is out of memory, `'failed'` for any other error reply; and {@link RedisLockTimeoutError} when a lock
 * stays taken. A write either lands whole or not at all: a record is one string under one key.
 *
 * @param options - the client, key prefix, TTLs, timeout and lock timing
 * @example
 * ```ts
 * import { createClient } from 'redis'
 * import { createAuthClient } from 'cognito-auth-machine'
 * import { redisStorage } from 'cognito-auth-machine/storage/redis'
 *
 * const redis = await createClient({ url: 'redis://127.0.0.1:6379' }).connect()
 * const storage = redisStorage({
 *   client: redis,
 *   prefix: 'my-app:',
 *   ttl: (key) => (key.startsWith('flight:') ? 900 : undefined),
 * })
 * const client = createAuthClient({ userPoolId: 'eu-west-1_AbC123', clientId: '4example', storage })
 * ```
 */
export function redisStorage(options: RedisStorageOptions): RedisAuthStorage {
  const { client } = options
  const prefix = options.prefix ?? 'cognito-auth-machine:'
  const timeout = options.commandTimeoutMs ?? 5_000
  const send = async (operation: StorageOperation, key: string, args: string[]): Promise<unknown> => {
    // node-redis drops a queued command at `timeout`, but waits forever for the reply to one it has sent.
    const pending = client.sendCommand(args, { timeout })
    let timer: ReturnType<typeof setTimeout> | undefined
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer ${args[0]} within ${timeout} ms`)), timeout)
    })
    try {
      return await Promise.race([pending, expired])
    } catch (error) {
      throw toRedisStorageError(operation, key, error)
    } finally {
      clearTimeout(timer)
      pending.catch(() => undefined)
    }
  }
  const lock = redisLock((args, key) => send('setItem', key, args), options.lock)
  const local = exclusiveLock(prefix, null)
  return {
    prefix,
    async getItem(key) {
      const value = await send('getItem', key, ['GET', prefix + key])
      if (value === null || typeof value === 'string') return value
      if (value instanceof Uint8Array) return new TextDecoder().decode(value)
      throw new StorageError('failed', 'getItem', key, new TypeError(`GET replied with a ${typeof value}`))
    },
    async setItem(key, value) {
      const seconds = options.ttl?.(key)
      const expiry = seconds === undefined ? [] : ['EX', String(Math.max(1, Math.ceil(seconds)))]
      await send('setItem', key, ['SET', prefix + key, value, ...expiry])
    },
    async removeItem(key) {
      await send('removeItem', key, ['DEL', prefix + key])
    },
    withLock: (name, task) => local(name, () => lock(name, `${prefix}lock:${name}`, task)),
  }
}
