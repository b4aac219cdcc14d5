import { AUTH_COMMANDS, type AuthClient, type AuthCommandName } from 'cognito-auth-machine'

/**
 * What a UI adapter needs of a client: its current view, a way to hear that it changed, and its
 * commands. The client from `createAuthClient` is one; `subscribe` starts it.
 */
export type AuthSource = Pick<AuthClient, 'getView' | 'subscribe' | AuthCommandName>

/** The client's commands (`signIn`, `submitCode`, `rememberDevice`, ...), bound so they can be passed around. */
export type AuthCommandsOf = Pick<AuthClient, AuthCommandName>

/** What `useAuth` returns in every adapter: the commands, and the view in the framework's own reactive form. */
export type AuthBinding<ReactiveView> = AuthCommandsOf & {
  /** The current view: narrow it by `view.step`. */
  readonly view: ReactiveView
}

const bound = new WeakMap<object, AuthCommandsOf>()

/**
 * The commands of `client`, by the package's explicit list ({@link AUTH_COMMANDS}), bound to it; the
 * same object for the same client, so it is stable across renders.
 *
 * @param client - the client
 * @internal
 */
export function commandsOf(client: AuthSource): AuthCommandsOf {
  let commands = bound.get(client)
  if (!commands) {
    commands = Object.fromEntries(AUTH_COMMANDS.map((name) => [name, client[name].bind(client)])) as AuthCommandsOf
    bound.set(client, commands)
  }
  return commands
}
