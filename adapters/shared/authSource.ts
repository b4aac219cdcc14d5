/**
 * What a UI adapter needs of a client: its current view and a way to hear that it changed. The client
 * from `createAuthClient` fits; so does any object with these two methods (a test double, a wrapper).
 * `getView()` must return the same object until something changes, as the client's does.
 */
export interface AuthSource<V = unknown> {
  /** The current view. */
  getView(): V
  /** Calls `listener` after every change; returns the function that stops it. */
  subscribe(listener: () => void): () => void
}

/** The view type of a client. */
export type ViewOf<C> = C extends { getView(): infer V } ? V : never

/** Members of a client that are not commands a UI sends: reading the view and the client's lifecycle. */
export type NotCommands = 'getView' | 'subscribe' | 'start' | 'stop' | 'getPersistedSnapshot'

/** The client's commands (`signIn`, `submitCode`, `rememberDevice`, ...), bound so they can be passed around. */
export type AuthCommands<C> = Omit<C, NotCommands>

/** What `useAuth` returns in every adapter: the commands, and the view in the framework's own reactive form. */
export type AuthBinding<C, ReactiveView> = AuthCommands<C> & {
  /** The current view: narrow it by `view.step`. */
  readonly view: ReactiveView
}

const bound = new WeakMap<object, object>()
const notCommands: ReadonlySet<string> = new Set<NotCommands>(['getView', 'subscribe', 'start', 'stop', 'getPersistedSnapshot'])

/**
 * Every method of `client` (own or inherited) other than {@link NotCommands}, bound to it; the same
 * object for the same client, so it is stable across renders.
 *
 * @param client - the client
 * @internal
 */
export function commandsOf<C extends object>(client: C): AuthCommands<C> {
  let commands = bound.get(client)
  if (!commands) {
    const entries: [string, unknown][] = []
    for (let o: object | null = client; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
      for (const name of Object.getOwnPropertyNames(o)) {
        const value = (client as Record<string, unknown>)[name]
        if (name !== 'constructor' && !notCommands.has(name) && typeof value === 'function') {
          entries.push([name, value.bind(client)])
        }
      }
    }
    commands = Object.fromEntries(entries.reverse())
    bound.set(client, commands)
  }
  return commands as AuthCommands<C>
}

/** The selector of `useAuth`: the whole view. @internal */
export const wholeView = <V>(view: V): V => view
