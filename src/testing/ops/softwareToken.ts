import { randomBytes } from 'node:crypto'
import { createSession, openSession, spend, wrongAnswer } from '../auth/sessions'
import { errors, MESSAGES } from '../errors'
import type { Input } from '../input'
import type { LocalState } from '../store/LocalState'
import type { AuthSession, User } from '../store/types'
import { authenticate } from '../tokens/accessToken'
import { acceptTotp, base32Encode } from '../totp'
import type { Operation } from './types'

/** The user a Session (MFA_SETUP) or an AccessToken names; exactly one of the two is needed. */
function caller(state: LocalState, input: Input, expects: string): { user: User; session?: AuthSession } {
  const token = input.str('AccessToken', 8192)
  const sessionId = input.str('Session', 2048)
  if (token !== undefined) return { user: authenticate(state, token).user }
  if (sessionId === undefined) throw errors.invalidParameter('Either AccessToken or Session must be provided.')
  const session = openSession(state, sessionId, undefined, expects)
  const pool = state.pool(session.progress.poolId)
  const user = pool.users.get(state.userKey(pool, session.progress.username))
  if (!user) throw errors.notAuthorized(MESSAGES.sessionInvalid)
  return { user, session }
}

/** AssociateSoftwareToken: a new TOTP secret (base32), pending until VerifySoftwareToken. */
export const AssociateSoftwareToken: Operation = ({ state }, input) => {
  const { user, session } = caller(state, input, 'MFA_SETUP:associate')
  const secret = base32Encode(randomBytes(20))
  user.mfa.pendingTotpSecret = secret
  if (!session) return { SecretCode: secret }
  spend(session)
  return { SecretCode: secret, Session: createSession(state, session.progress, 'MFA_SETUP:verify').id }
}

/**
 * VerifySoftwareToken: checks a code of the pending secret. Success makes it the user's TOTP secret
 * and turns TOTP MFA on; a wrong code is `EnableSoftwareTokenMFAException`.
 */
export const VerifySoftwareToken: Operation = ({ state }, input) => {
  const { user, session } = caller(state, input, 'MFA_SETUP:verify')
  const code = input.req('UserCode', 6)
  const secret = user.mfa.pendingTotpSecret
  if (!secret) throw errors.softwareTokenNotFound(MESSAGES.totpMissing)
  if (!acceptTotp(state, user, secret, code)) {
    const error = errors.enableSoftwareToken(MESSAGES.totpMismatch)
    throw session ? wrongAnswer(state, session, error) : error
  }
  user.mfa.totpSecret = secret
  user.mfa.pendingTotpSecret = undefined
  user.mfa.totp = true
  if (!session) return { Status: 'SUCCESS' }
  user.mfa.preferred ??= 'SOFTWARE_TOKEN_MFA'
  spend(session)
  return { Status: 'SUCCESS', Session: createSession(state, session.progress, 'MFA_SETUP').id }
}
