import type { Readable } from 'svelte/store'
import type { AuthView } from 'cognito-auth-machine'
import { commandsOf, type AuthBinding, type AuthSource } from '../core/authSource'

export type { AuthBinding, AuthCommandsOf, AuthSource } from '../core/authSource'

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
 * import { createAuthClient } from 'cognito-auth-machine'
 * import { useAuthSelector } from 'cognito-auth-machine/svelte'
 *
 * const client = createAuthClient({ userPoolId: 'eu-west-1_AbC123', clientId: '4example' })
 * const step = useAuthSelector(client, (view) => view.step) // {$step} in markup
 * ```
 */
export function useAuthSelector<T>(
  client: AuthSource,
  selector: (view: AuthView) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
): Readable<T> {
  return {
    subscribe(run) {
      let last = selector(client.getView())
      run(last)
      return client.subscribe(() => {
        const next = selector(client.getView())
        if (!isEqual(last, next)) run((last = next))
      })
    },
  }
}

/** The selector of `useAuth`: the whole view. */
const wholeView = (view: AuthView): AuthView => view

/**
 * The client's view as a Svelte store, and its commands:
 * `const { view, signIn } = useAuth(client)`, then `$view.step` in markup.
 *
 * @param client - the client from `createAuthClient`
 * @example
 * ```ts
 * import { createAuthClient } from 'cognito-auth-machine'
 * import { useAuth } from 'cognito-auth-machine/svelte'
 *
 * const client = createAuthClient({ userPoolId: 'eu-west-1_AbC123', clientId: '4example' })
 * const { view, rememberDevice } = useAuth(client)
 * ```
 */
export function useAuth(client: AuthSource): AuthBinding<Readable<AuthView>> {
  return { ...commandsOf(client), view: useAuthSelector(client, wholeView) }
}
