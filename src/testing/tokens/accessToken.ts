import { errors, MESSAGES } from '../errors'
import type { LocalState } from '../store/LocalState'
import type { AppClient, User, UserPool } from '../store/types'
import { verifyJwt } from './jwt'

/** The caller an access token names. @internal */
export interface TokenCaller {
  pool: UserPool
  client: AppClient
  user: User
  claims: Record<string, unknown>
}

/**
 * Checks an access token as Cognito does: our signature, `token_use: access`, not expired on the
 * server's clock, not revoked (GlobalSignOut, RevokeToken), and the user still there. @internal
 */
export function authenticate(state: LocalState, token: string): TokenCaller {
  const claims = verifyJwt(state.keys.access, token)
  if (!claims || claims.token_use !== 'access' || typeof claims.iss !== 'string') {
    throw errors.notAuthorized(MESSAGES.tokenInvalid)
  }
  const poolId = claims.iss.slice(claims.iss.lastIndexOf('/') + 1)
  const pool = state.pools.get(poolId)
  const client = state.clients.get(String(claims.client_id))
  if (!pool || !client || client.poolId !== pool.id) throw errors.notAuthorized(MESSAGES.tokenInvalid)
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= state.clock.now()) {
    throw errors.notAuthorized(MESSAGES.tokenExpired)
  }
  if (!state.liveOrigins.has(String(claims.origin_jti))) throw errors.notAuthorized(MESSAGES.tokenRevoked)
  const user = pool.users.get(state.userKey(pool, String(claims.username)))
  if (!user || user.sub !== claims.sub) throw errors.notAuthorized(MESSAGES.userMissing)
  return { pool, client, user, claims }
}
