import { getCurrentScope, onScopeDispose, shallowRef, type ShallowRef } from 'vue'
import type { AuthView } from 'cognito-auth-machine'
import { commandsOf, type AuthBinding, type AuthSource } from '../core/authSource'

export type { AuthBinding, AuthCommandsOf, AuthSource } from '../core/authSource'

/**
 * A part of the client's view as a Vue `shallowRef`, updated on every change whose selection differs
 * (by `isEqual`, `Object.is` by default). Called in `setup()` or another effect scope, it stops
 * listening when the scope ends; elsewhere it listens as long as the client lives.
 *
 * @param client - the client from `createAuthClient`
 * @param selector - picks what the component shows from the view
 * @param isEqual - when two selections count as the same
 * @example
 * ```ts
 * import { createAuthClient } from 'cognito-auth-machine'
 * import { useAuthSelector } from 'cognito-auth-machine/vue'
 *
 * const client = createAuthClient({ userPoolId: 'eu-west-1_AbC123', clientId: '4example' })
 * const step = useAuthSelector(client, (view) => view.step) // step.value === 'signedOut'
 * ```
 */
export function useAuthSelector<T>(
  client: AuthSource,
  selector: (view: AuthView) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
): Readonly<ShallowRef<T>> {
  const selected = shallowRef(selector(client.getView()))
  const stop = client.subscribe(() => {
    const next = selector(client.getView())
    if (!isEqual(selected.value, next)) selected.value = next
  })
  if (getCurrentScope()) onScopeDispose(stop)
  return selected
}

/** The selector of `useAuth`: the whole view. */
const wholeView = (view: AuthView): AuthView => view

/**
 * The client's view as a `shallowRef`, and its commands. In `<script setup>`,
 * `const { view, signIn } = useAuth(client)` gives templates `view.step` directly.
 *
 * @param client - the client from `createAuthClient`
 * @example
 * ```ts
 * import { watchEffect } from 'vue'
 * import { createAuthClient } from 'cognito-auth-machine'
 * import { useAuth } from 'cognito-auth-machine/vue'
 *
 * const client = createAuthClient({ userPoolId: 'eu-west-1_AbC123', clientId: '4example' })
 * const { view, submitCode } = useAuth(client)
 * watchEffect(() => console.log(view.value.step))
 * ```
 */
export function useAuth(client: AuthSource): AuthBinding<Readonly<ShallowRef<AuthView>>> {
  return { ...commandsOf(client), view: useAuthSelector(client, wholeView) }
}
