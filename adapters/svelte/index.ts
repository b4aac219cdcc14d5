import type { Readable } from 'svelte/store'
import { commandsOf, wholeView, type AuthBinding, type AuthSource, type ViewOf } from '../shared/authSource'

export type { AuthBinding, AuthCommands, AuthSource, NotCommands, ViewOf } from '../shared/authSource'

/**
 * A part of the client's view as a Svelte store: `subscribe` gives the current value at once, then
 * each change whose selection differs (by `isEqual`, `Object.is` by default). Use it as `$store` in
 * components (Svelte 4 and 5). No import of `svelte` at run time.
 *
 * @param client - the client from `createAuthClient`
 * @param selector - picks what the component shows from the view
 * @param isEqual - when two selections count as the same
 * @example
 * ```ts
 * const step = useAuthSelector(client, (view) => view.step) // {$step} in markup
 * ```
 */
export function useAuthSelector<C extends AuthSource, T>(
  client: C,
  selector: (view: ViewOf<C>) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
): Readable<T> {
  return {
    subscribe(run) {
      let last = selector(client.getView() as ViewOf<C>)
      run(last)
      return client.subscribe(() => {
        const next = selector(client.getView() as ViewOf<C>)
        if (!isEqual(last, next)) run((last = next))
      })
    },
  }
}

/**
 * The client's view as a Svelte store, and its commands:
 * `const { view, signIn } = useAuth(client)`, then `$view.step` in markup.
 *
 * @param client - the client from `createAuthClient`
 * @example
 * ```ts
 * const { view, rememberDevice } = useAuth(client)
 * ```
 */
export function useAuth<C extends AuthSource & object>(client: C): AuthBinding<C, Readable<ViewOf<C>>> {
  return { ...commandsOf(client), view: useAuthSelector(client, wholeView<ViewOf<C>>) }
}
