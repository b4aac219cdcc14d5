/** A value or a promise of it: storage adapters may be synchronous (memory, localStorage) or not (IndexedDB, Redis). */
export type MaybePromise<T> = T | Promise<T>

/**
 * Where the client keeps what must outlive a page or a process: device records (with the device's
 * secret) and tokens. Keys and values are strings; the client owns the key layout and validates every
 * value it reads back, so an adapter only has to store strings faithfully.
 *
 * Device secrets live only here: nothing else in the SDK writes them anywhere.
 *
 * @example
 * ```ts
 * import type { AuthStorage } from 'cognito-auth-machine'
 *
 * const storage: AuthStorage = {
 *   getItem: (key) => localStorage.getItem(key),
 *   setItem: (key, value) => localStorage.setItem(key, value),
 *   removeItem: (key) => localStorage.removeItem(key),
 * }
 * ```
 */
export interface AuthStorage {
  /** The stored string, or `null` when there is none. */
  getItem(key: string): MaybePromise<string | null>
  /** Stores a string under a key, replacing what was there. */
  setItem(key: string, value: string): MaybePromise<void>
  /** Removes a key; removing a missing key is not an error. */
  removeItem(key: string): MaybePromise<void>
  /**
   * Optional: runs `task` while holding an exclusive lock named `name`, shared by every client that uses
   * the same storage (other tabs, other server processes), so that a read-modify-write of a device record
   * is never interleaved with another. Without it the client serialises only its own writes.
   */
  withLock?<T>(name: string, task: () => Promise<T>): Promise<T>
  /**
   * Optional: calls `listener` with the key whenever another client (another tab, window or process)
   * changes or removes a value; returns the function that stops it. The client then looks again at once:
   * a sign-out or another user's sign-in elsewhere shows here without waiting for the next read. Web
   * storage gives it through the `storage` event, IndexedDB through a BroadcastChannel; without it,
   * every read is still checked.
   */
  onChange?(listener: (key: string) => void): () => void
}
