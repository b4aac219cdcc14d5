import type { AuthStorage } from 'cognito-auth-machine'
import { exclusiveLock, type LockRequester } from './exclusiveLock'
import { StorageError, toStorageError } from './StorageError'

export { StorageError, isStorageError, type StorageFailure, type StorageOperation } from './StorageError'
export type { LockRequester } from './exclusiveLock'

/** Options of {@link webStorage}. */
export interface WebStorageOptions {
  /** `'local'` (the default) for `localStorage`, `'session'` for `sessionStorage`, or any `Storage` object. */
  storage?: 'local' | 'session' | Storage
  /** Put before every key, so several apps or pools can share an origin. Default `'cognito-auth-machine:'`. */
  prefix?: string
  /**
   * Used instead when the web storage is unusable at creation (no `window`, storage blocked by the
   * browser's settings, or a private mode that refuses every write). Without it, every call throws a
   * {@link StorageError} with reason `'unavailable'`. A quota error after a successful start is always
   * thrown, never redirected, so one record is never split between two stores.
   */
  fallback?: AuthStorage
  /** Lock manager for `withLock`; default `navigator.locks` when present, `null` for a queue in this page only. */
  locks?: LockRequester | null
}

/** What {@link webStorage} returns: an {@link AuthStorage} that also says whether it fell back. */
export interface WebAuthStorage extends AuthStorage {
  /** `true` when the web storage was unusable and {@link WebStorageOptions.fallback} is in use. */
  readonly usingFallback: boolean
  withLock<T>(name: string, task: () => Promise<T>): Promise<T>
}

function open(choice: WebStorageOptions['storage'], probeKey: string): Storage {
  const storage = choice === 'session' ? globalThis.sessionStorage : choice === 'local' || !choice ? globalThis.localStorage : choice
  if (!storage) throw new ReferenceError('no Web Storage here')
  storage.setItem(probeKey, probeKey)
  storage.removeItem(probeKey)
  return storage
}

/**
 * An {@link AuthStorage} over `localStorage` or `sessionStorage`, every key prefixed. `onChange`
 * reports what other pages of the origin change (the `storage` event), so a sign-out in one tab signs the
 * others out at once. Synchronous: a
 * failure throws a {@link StorageError} at once (`'quota'` when full). Whether the storage works is
 * checked once, at creation, by writing and removing the key `<prefix>__probe__`. Values are stored as given; the
 * client checks what it reads back, so a corrupt or outdated value is the client's to reject.
 *
 * `localStorage` is readable by any script on the origin: prefer `cognito-auth-machine/storage/idb` for
 * device secrets, and this one for tests or where IndexedDB is missing.
 *
 * @param options - storage, key prefix, fallback and lock manager
 * @example
 * ```ts
 * import { createAuthClient, memoryStorage } from 'cognito-auth-machine'
 * import { webStorage } from 'cognito-auth-machine/storage/web'
 *
 * const storage = webStorage({ storage: 'session', prefix: 'my-app:', fallback: memoryStorage() })
 * const client = createAuthClient({ userPoolId: 'eu-west-1_AbC123', clientId: '4example', storage })
 * ```
 */
export function webStorage(options: WebStorageOptions = {}): WebAuthStorage {
  const prefix = options.prefix ?? 'cognito-auth-machine:'
  const probe = `${prefix}__probe__`
  let storage: Storage | undefined
  let failure: unknown
  try {
    storage = open(options.storage, probe)
  } catch (error) {
    failure = error
  }
  const fallback = storage ? undefined : options.fallback
  const attempt = <T>(operation: 'getItem' | 'setItem' | 'removeItem', key: string, run: (s: Storage) => T) => {
    if (!storage) throw new StorageError('unavailable', operation, key, failure)
    try {
      return run(storage)
    } catch (error) {
      throw toStorageError(operation, key, error)
    }
  }
  return {
    usingFallback: fallback !== undefined,
    getItem: (key) => (fallback ? fallback.getItem(key) : attempt('getItem', key, (s) => s.getItem(prefix + key))),
    setItem: (key, value) => (fallback ? fallback.setItem(key, value) : attempt('setItem', key, (s) => s.setItem(prefix + key, value))),
    removeItem: (key) => (fallback ? fallback.removeItem(key) : attempt('removeItem', key, (s) => s.removeItem(prefix + key))),
    withLock: exclusiveLock(prefix, options.locks),
    // the browser's `storage` event: another page of the origin changed this storage (never this page)
    onChange(listener) {
      const target = globalThis as Partial<Pick<Window, 'addEventListener' | 'removeEventListener'>>
      const heard = (event: StorageEvent) => {
        if (storage && event.storageArea === storage && (event.key === null || (event.key.startsWith(prefix) && event.key !== probe))) {
          listener(event.key === null ? '' : event.key.slice(prefix.length))
        }
      }
      target.addEventListener?.('storage', heard)
      return () => target.removeEventListener?.('storage', heard)
    },
  }
}
