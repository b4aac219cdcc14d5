import { memoryStorage } from 'cognito-auth-machine'

/**
 * The part of the Web Locks API (`navigator.locks`) the storage adapters use.
 * Any `LockManager` fits.
 */
export interface LockRequester {
  /** Runs `callback` once the exclusive lock `name` is held; settles as the callback does. */
  request<T>(name: string, options: { mode: 'exclusive' }, callback: () => Promise<T>): Promise<T>
}

/**
 * The `withLock` of the storage adapters: an exclusive Web Lock named `namespace + name` when
 * `navigator.locks` (or the given `locks`) exists, so every tab of the origin waits its turn; otherwise
 * (or where the page may not use Web Locks) a queue per name in this page or process only.
 *
 * @param namespace - prefix of every lock name (the database name or key prefix)
 * @param locks - a lock manager; `undefined` means `navigator.locks` when present, `null` means none
 * @internal
 */
export function exclusiveLock(namespace: string, locks: LockRequester | null | undefined) {
  const manager = locks === undefined ? (globalThis.navigator?.locks as LockRequester | undefined) : locks
  // the queue per name of memoryStorage: one page or process only
  const queued = memoryStorage().withLock
  return function withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
    const fullName = namespace + name
    if (manager) {
      let started = false
      const request = new Promise<T>((resolve) =>
        resolve(manager.request(fullName, { mode: 'exclusive' }, () => ((started = true), task()))),
      )
      // Locks denied here (an opaque-origin frame): fall back to the queue of this page.
      return request.catch((error: unknown) => {
        if (started || (error as { name?: unknown } | null)?.name !== 'SecurityError') throw error
        return queued(fullName, task)
      })
    }
    return queued(fullName, task)
  }
}
