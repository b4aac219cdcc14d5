import { createStore, promisifyRequest, type UseStore } from 'idb-keyval'
import type { AuthStorage } from 'cognito-auth-machine'
import { exclusiveLock, type LockRequester } from './exclusiveLock'
import { StorageError, toStorageError, type StorageOperation } from './StorageError'

export { StorageError, isStorageError, type StorageFailure, type StorageOperation } from './StorageError'
export type { LockRequester } from './exclusiveLock'

/** Options of {@link idbStorage}. */
export interface IdbStorageOptions {
  /** The user pool, e.g. `eu-west-1_AbCdEf123`: part of the database name. */
  userPoolId: string
  /** The app client id: part of the database name. */
  clientId: string
  /** Overrides the database name, `cognito-auth-machine/<userPoolId>/<clientId>` by default. */
  databaseName?: string
  /** Lock manager for `withLock`; default `navigator.locks` when present, `null` for a queue in this page only. */
  locks?: LockRequester | null
}

/** What {@link idbStorage} returns: an asynchronous {@link AuthStorage} with a cross-tab lock. */
export interface IdbAuthStorage extends AuthStorage {
  /** The IndexedDB database that holds this pool and client's records. */
  readonly databaseName: string
  getItem(key: string): Promise<string | null>
  setItem(key: string, value: string): Promise<void>
  removeItem(key: string): Promise<void>
  withLock<T>(name: string, task: () => Promise<T>): Promise<T>
  onChange(listener: (key: string) => void): () => void
}

/** No IndexedDB, or one that refuses to open: blocked by settings (`SecurityError`) or a private mode (`InvalidStateError`). */
function isUnavailable(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name
  return error instanceof ReferenceError || name === 'InvalidStateError' || name === 'SecurityError'
}

/**
 * An {@link AuthStorage} in IndexedDB (through idb-keyval), one database per user pool and app client,
 * one object store `keyval` in it. The right place for device secrets in a browser: not sent with
 * requests, and `withLock` takes a Web Lock so two tabs never interleave a read-modify-write.
 * `onChange` hears the writes of other tabs through a BroadcastChannel named after the database (a
 * channel never delivers a page's own messages to itself).
 *
 * Every failure rejects with a {@link StorageError}: `'unavailable'` when IndexedDB is missing or refuses
 * to open (some private modes), `'quota'` when full, `'failed'` otherwise. A value that is not a string
 * (written by something else into this database) reads as `null`: the client then treats the device
 * as new, and the next write replaces it; it is never half-used.
 *
 * @param options - pool and client (naming the database), and the lock manager
 * @example
 * ```ts
 * import { createAuthClient } from 'cognito-auth-machine'
 * import { idbStorage } from 'cognito-auth-machine/storage/idb'
 *
 * const userPoolId = 'eu-west-1_AbC123'
 * const clientId = '4example'
 * const storage = idbStorage({ userPoolId, clientId })
 * const client = createAuthClient({ userPoolId, clientId, storage })
 * ```
 */
export function idbStorage(options: IdbStorageOptions): IdbAuthStorage {
  const databaseName = options.databaseName ?? `cognito-auth-machine/${options.userPoolId}/${options.clientId}`
  let store: UseStore | undefined
  // idb-keyval's store and promisifyRequest, as its get/set/del use them (whose default-store parameter
  // would otherwise ship too)
  const run = async <T>(
    operation: StorageOperation,
    key: string,
    mode: IDBTransactionMode,
    task: (s: IDBObjectStore) => Promise<T>,
  ): Promise<T> => {
    try {
      if (typeof indexedDB === 'undefined') throw new ReferenceError('indexedDB is not defined')
      store ??= createStore(databaseName, 'keyval')
      return await store(mode, task)
    } catch (error) {
      throw isUnavailable(error) ? new StorageError('unavailable', operation, key, error) : toStorageError(operation, key, error)
    }
  }
  // Other tabs hear of each write on a BroadcastChannel named after the database (IndexedDB has no change
  // event). One channel object both sends and listens, so this storage never hears its own writes.
  let channel: BroadcastChannel | undefined
  const listeners = new Set<(key: string) => void>()
  const open = () => {
    if (!channel && typeof BroadcastChannel !== 'undefined') {
      channel = new BroadcastChannel(`cognito-auth-machine:${databaseName}`)
      channel.onmessage = (event: MessageEvent) => {
        if (typeof event.data === 'string') for (const listener of listeners) listener(event.data)
      }
      ;(channel as { unref?: () => void }).unref?.() // in Node, an open channel must not keep the process alive
    }
    return channel
  }
  const announce = (key: string) => open()?.postMessage(key)
  /** A write is done when its transaction completes; then the other tabs are told. */
  const done = (key: string) => async (s: IDBObjectStore) => {
    await promisifyRequest(s.transaction)
    announce(key)
  }
  return {
    databaseName,
    getItem: (key) =>
      run('getItem', key, 'readonly', async (s) => {
        const value: unknown = await promisifyRequest(s.get(key))
        return typeof value === 'string' ? value : null
      }),
    setItem: (key, value) => run('setItem', key, 'readwrite', (s) => (s.put(value, key), done(key)(s))),
    removeItem: (key) => run('removeItem', key, 'readwrite', (s) => (s.delete(key), done(key)(s))),
    withLock: exclusiveLock(`${databaseName}:`, options.locks),
    onChange(listener) {
      open()
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
        if (listeners.size > 0) return
        channel?.close()
        channel = undefined
      }
    },
  }
}
