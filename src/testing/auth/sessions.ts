import { errors, MESSAGES } from '../errors'
import { ids } from '../ids'
import type { LocalState } from '../store/LocalState'
import type { AuthSession, SignInProgress } from '../store/types'

let created = 0

/** Opens a new session expecting `expects`, valid for the client's AuthSessionValidity. @internal */
export function createSession(
  state: LocalState,
  progress: SignInProgress,
  expects: string,
  data: Record<string, unknown> = {},
): AuthSession {
  if (++created % 1000 === 0) state.sweepSessions()
  const { client } = state.client(progress.clientId)
  const session: AuthSession = {
    id: ids.session(),
    expiresAt: state.clock.now() + client.authSessionValidity * 60_000,
    used: false,
    wrongAnswers: 0,
    expects,
    progress: { ...progress, customHistory: [...progress.customHistory] },
    data,
  }
  state.sessions.set(session.id, session)
  return session
}

/**
 * The session a step answers, checked: it exists, belongs to this client, is not spent or expired,
 * and expects this step. Anything else is `NotAuthorizedException` with Cognito's messages. @internal
 */
export function openSession(state: LocalState, id: string | undefined, clientId: string | undefined, expects: string): AuthSession {
  if (id === undefined) throw errors.invalidParameter(MESSAGES.missingSession)
  const session = state.sessions.get(id)
  if (!session || (clientId !== undefined && session.progress.clientId !== clientId)) throw errors.notAuthorized(MESSAGES.sessionInvalid)
  if (session.used) throw errors.notAuthorized(MESSAGES.sessionUsed)
  if (state.clock.now() >= session.expiresAt) throw errors.notAuthorized(MESSAGES.sessionExpired)
  if (session.expects !== expects) throw errors.notAuthorized(MESSAGES.sessionInvalid)
  return session
}

/**
 * Marks a session spent: a replay gets "session can only be used once". Two answers racing on one
 * session (both checked before either spent it) end the same way: only the first spends it. @internal
 */
export function spend(session: AuthSession): void {
  if (session.used) throw errors.notAuthorized(MESSAGES.sessionUsed)
  session.used = true
}

/**
 * Counts a wrong answer. The session stays usable for a retry until the configured number of wrong
 * answers, after which it is gone. Returns the error to throw. @internal
 */
export function wrongAnswer(state: LocalState, session: AuthSession, error: Error): Error {
  session.wrongAnswers++
  if (session.wrongAnswers >= state.options.maxWrongAnswers) state.sessions.delete(session.id)
  return error
}
