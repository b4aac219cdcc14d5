import { useCallback, useMemo, useRef, useSyncExternalStore } from 'react'
import type { AuthView } from 'cognito-auth-machine'
import { commandsOf, type AuthBinding, type AuthSource } from '../core/authSource'

export type { AuthBinding, AuthCommandsOf, AuthSource } from '../core/authSource'

/**
 * A part of the client's view as React state, through `useSyncExternalStore`: the component renders
 * again only when the selected value changes (by `isEqual`, `Object.is` by default).
 *
 * @param client - the client from `createAuthClient`
 * @param selector - picks what the component shows from the view
 * @param isEqual - when two selections count as the same
 * @example
 * ```tsx
 * import type { AuthClient } from 'cognito-auth-machine'
 * import { useAuthSelector } from 'cognito-auth-machine/react'
 *
 * function StepName({ client }: { client: AuthClient }) {
 *   const step = useAuthSelector(client, (view) => view.step)
 *   return <p>{step}</p>
 * }
 * ```
 */
export function useAuthSelector<T>(client: AuthSource, selector: (view: AuthView) => T, isEqual: (a: T, b: T) => boolean = Object.is): T {
  const last = useRef<{ view: AuthView; selected: T } | null>(null)
  const subscribe = useCallback((onChange: () => void) => client.subscribe(() => onChange()), [client])
  const getSnapshot = (): T => {
    const view = client.getView()
    const previous = last.current
    if (previous && previous.view === view) return previous.selected
    const next = selector(view)
    const selected = previous && isEqual(previous.selected, next) ? previous.selected : next
    last.current = { view, selected }
    return selected
  }
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot)
}

/** The selector of `useAuth`: the whole view. */
const wholeView = (view: AuthView): AuthView => view

/**
 * The client's view as React state, and its commands. Narrow the view by `view.step`; the commands are
 * the client's own (`signIn`, `submitCode`, `rememberDevice`, ...), bound, and stable across renders.
 *
 * @param client - the client from `createAuthClient`
 * @example
 * ```tsx
 * import type { AuthClient } from 'cognito-auth-machine'
 * import { useAuth } from 'cognito-auth-machine/react'
 *
 * function SignIn({ client, username, password }: { client: AuthClient; username: string; password: string }) {
 *   const { view, signIn } = useAuth(client)
 *   if (view.step !== 'signedOut') return null
 *   return <button onClick={() => signIn({ username, password })}>Sign in</button>
 * }
 * ```
 */
export function useAuth(client: AuthSource): AuthBinding<AuthView> {
  const view = useAuthSelector(client, wholeView)
  const commands = commandsOf(client)
  return useMemo(() => ({ ...commands, view }), [commands, view])
}
