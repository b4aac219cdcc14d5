/** Why a storage adapter failed: `unavailable` (no storage, blocked, private mode), `quota` (full), `failed` (anything else). */
export type StorageFailure = 'unavailable' | 'quota' | 'failed'

/** The storage operation that failed. */
export type StorageOperation = 'open' | 'getItem' | 'setItem' | 'removeItem'

/**
 * A storage adapter could not read or write. The adapters in `cognito-auth-machine/storage/*` throw
 * (or reject with) this and nothing else, so a caller can tell "the browser refused to store the device
 * record" from a Cognito or network failure. The original exception is kept in `cause`.
 *
 * Narrow with `error.code === 'STORAGE_ERROR'` (or {@link isStorageError}), which also holds for a copy
 * of this class from another bundle.
 *
 * @example
 * ```ts
 * import { isStorageError, webStorage } from 'cognito-auth-machine/storage/web'
 *
 * const storage = webStorage({ storage: 'local', prefix: 'my-app:' })
 * try {
 *   await storage.setItem('my-app:draft', JSON.stringify({ note: 'a long text' }))
 * } catch (error) {
 *   if (isStorageError(error) && error.reason === 'quota') console.warn('The browser storage is full.')
 * }
 * ```
 */
export class StorageError extends Error {
  /** Always `'STORAGE_ERROR'`. */
  readonly code = 'STORAGE_ERROR' as const
  /** Why it failed. */
  readonly reason: StorageFailure
  /** What was being done. */
  readonly operation: StorageOperation
  /** The key, for `getItem`, `setItem` and `removeItem`. */
  readonly key: string | undefined

  /**
   * @param reason - why it failed
   * @param operation - what was being done
   * @param key - the key involved, if any
   * @param cause - the exception the storage threw
   */
  constructor(reason: StorageFailure, operation: StorageOperation, key: string | undefined, cause?: unknown) {
    super(`Storage ${operation}${key === undefined ? '' : ` of "${key}"`} failed (${reason})`, { cause })
    this.name = 'StorageError'
    this.reason = reason
    this.operation = operation
    this.key = key
  }
}

/**
 * Whether `error` is a {@link StorageError} (by its `code`, so a copy of the class from another bundle counts).
 *
 * @param error - anything caught
 */
export function isStorageError(error: unknown): error is StorageError {
  return error instanceof Error && (error as { code?: unknown }).code === 'STORAGE_ERROR'
}

/**
 * Wraps whatever a storage threw in a {@link StorageError}, telling a full store (`QuotaExceededError`, and
 * Firefox's `NS_ERROR_DOM_QUOTA_REACHED`) apart from other failures.
 *
 * @param operation - what was being done
 * @param key - the key involved, if any
 * @param cause - what was thrown
 * @internal
 */
export function toStorageError(operation: StorageOperation, key: string | undefined, cause: unknown): StorageError {
  if (isStorageError(cause)) return cause
  const name = (cause as { name?: unknown } | null)?.name
  const quota = name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED'
  return new StorageError(quota ? 'quota' : 'failed', operation, key, cause)
}
