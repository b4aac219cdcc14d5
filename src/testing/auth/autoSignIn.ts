import { errors, MESSAGES } from '../errors'
import { recordEvent, type ContextData } from '../events'
import type { OpContext } from '../ops/types'
import type { LocalState } from '../store/LocalState'
import type { AppClient, SignInProgress, User, UserPool } from '../store/types'
import { continueSignIn } from './continueSignIn'
import { acceptDeviceKey } from './devices'
import { PASSWORD_FACTORS, selectChallenge } from './firstFactors'
import { checkSecretHash } from './secretHash'
import { createSession, openSession, spend } from './sessions'

/** What SignUp's Session (S1) is good for: ConfirmSignUp. */
const SIGN_UP = 'CONFIRM_SIGN_UP'
/** What ConfirmSignUp's Session (S2) is good for: InitiateAuth with USER_AUTH. */
const CONFIRMED = 'USER_AUTH'

function progressOf(pool: UserPool, client: AppClient, user: User): SignInProgress {
  return {
    poolId: pool.id,
    clientId: client.id,
    username: user.username,
    admin: false,
    primary: 'SIGN_UP_CODE',
    deviceKey: undefined,
    newPasswordDone: false,
    mfaDone: false,
    deviceDone: false,
    authTime: 0,
    customHistory: [],
  }
}

/** SignUp's Session (S1): good once, for this user's ConfirmSignUp on this client, for AuthSessionValidity. @internal */
export function signUpSession(state: LocalState, pool: UserPool, client: AppClient, user: User): string {
  return createSession(state, progressOf(pool, client, user), SIGN_UP).id
}

/**
 * Checks the S1 a ConfirmSignUp carries (before the code is taken, so that a bad session costs no code):
 * it must be this user's, unspent and unexpired, else `NotAuthorizedException` as for any session.
 * Returns a function that spends it once the code has passed. @internal
 */
export function checkSignUpSession(state: LocalState, client: AppClient, user: User, id: string | undefined): () => void {
  if (id === undefined) return () => undefined
  const session = openSession(state, id, client.id, SIGN_UP)
  if (session.progress.username !== user.username) throw errors.notAuthorized(MESSAGES.sessionInvalid)
  return () => spend(session)
}

/**
 * ConfirmSignUp's Session (S2): good once, on this client, for AuthSessionValidity, and only while the
 * user has not signed in since. @internal
 */
export function confirmedSession(state: LocalState, pool: UserPool, client: AppClient, user: User): string {
  return createSession(state, progressOf(pool, client, user), CONFIRMED, { signIns: user.signIns ?? 0 }).id
}

/**
 * InitiateAuth with `AuthFlow: 'USER_AUTH'` and S2 (auto sign-in after sign-up): the confirmation code
 * stands for the first factor, so the answer is what a right password would get (MFA, MFA_SETUP,
 * DEVICE_SRP_AUTH for a presented remembered key, or tokens with NewDeviceMetadata), or, with the
 * `autoSignInAnswer: 'selectChallenge'` option, SELECT_CHALLENGE (PASSWORD_SRP, PASSWORD). A session that is not this user's
 * unspent, unexpired S2, or one the user has signed in since, is `NotAuthorizedException`. @internal
 */
export function autoSignIn(
  ctx: OpContext,
  at: { pool: UserPool; client: AppClient },
  params: Record<string, string>,
  sessionId: string,
  contextData: ContextData | undefined,
): Record<string, unknown> {
  const { state } = ctx
  const { pool, client } = at
  const typed = params.USERNAME
  if (typed === undefined) throw errors.invalidParameter('Missing required parameter USERNAME')
  const session = openSession(state, sessionId, client.id, CONFIRMED)
  const user = state.findUser(pool, typed)
  if (!user || session.progress.username !== user.username || (user.signIns ?? 0) !== session.data.signIns) {
    throw errors.notAuthorized(MESSAGES.sessionInvalid)
  }
  checkSecretHash(client, params.SECRET_HASH, [typed])
  if (!user.enabled) throw errors.notAuthorized('User is disabled.')
  const deviceKey = params.DEVICE_KEY === undefined ? undefined : acceptDeviceKey(state, pool, user, params.DEVICE_KEY)
  spend(session)
  const progress: SignInProgress = {
    ...progressOf(pool, client, user),
    deviceKey,
    authTime: Math.floor(state.clock.now() / 1000),
    eventId: recordEvent(ctx, { pool, client, user }, 'SignIn', contextData, 'InProgress'),
    contextData,
  }
  // The field report's list; answering it goes on as choice-based sign-in does (userAuth.ts).
  if (state.options.autoSignInAnswer === 'selectChallenge') return selectChallenge(state, progress, [...PASSWORD_FACTORS], undefined)
  return continueSignIn(ctx, progress)
}
