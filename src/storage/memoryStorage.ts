import type { AuthStorage } from './AuthStorage'

/**
 * An {@link AuthStorage} in a `Map`: the default, and the right choice for Node services, CLIs and tests.
 * Contents last as long as the object; pass the same object to several clients to share it.
 *
 * @param initial - entries to start with
 * @example
 * ```ts
 * import { createAuthClient, memoryStorage } from 'cognito-auth-machine'
 *
 * const client = createAuthClient({ userPoolId: 'eu-west-1_AbC123', clientId: '4example', storage: memoryStorage() })
 * ```
 */
export function memoryStorage(
  initial?: Iterable<readonly [string, string]>,
): AuthStorage & Required<Pick<AuthStorage, 'withLock'>> & { readonly size: number } {
  const map = new Map<string, string>(initial)
  /** The last task queued under each lock name; locks of different names never wait for each other. */
  const tails = new Map<string, Promise<unknown>>()
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
    withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
      const run = (tails.get(name) ?? Promise.resolve()).then(task, task)
      const tail = run.catch(() => undefined)
      tails.set(name, tail)
      void tail.then(() => tails.get(name) === tail && tails.delete(name))
      return run
    },
    get size() {
      return map.size
    },
  }
}
