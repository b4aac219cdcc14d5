import type { AuthStorage } from './AuthStorage'

/**
 * An {@link AuthStorage} in a `Map`: the default, and the right choice for Node services, CLIs and tests.
 * Contents last as long as the object; pass the same object to several clients to share it.
 *
 * @param initial - entries to start with
 * @example
 * ```ts
 * const client = createAuthClient({ userPoolId, clientId, storage: memoryStorage() })
 * ```
 */
export function memoryStorage(initial?: Iterable<readonly [string, string]>): AuthStorage & { readonly size: number } {
  const map = new Map<string, string>(initial)
  let tail: Promise<unknown> = Promise.resolve()
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
    withLock<T>(_name: string, task: () => Promise<T>): Promise<T> {
      const run = tail.then(task, task)
      tail = run.catch(() => undefined)
      return run
    },
    get size() {
      return map.size
    },
  }
}
