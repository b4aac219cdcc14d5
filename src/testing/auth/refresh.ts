import { errors, MESSAGES } from '../errors'
import type { OpContext } from '../ops/types'
import type { AppClient, UserPool } from '../store/types'
import { issueTokens } from '../tokens/issueTokens'
import { checkSecretHash, namesOf } from './secretHash'

/**
 * REFRESH_TOKEN_AUTH: a live refresh token of this client; with tracking on, bound to its device,
 * which must be presented as DEVICE_KEY and still be confirmed. New access and ID tokens, same
 * origin_jti, no new refresh token and no NewDeviceMetadata. @internal
 */
export function refreshTokens(ctx: OpContext, pool: UserPool, client: AppClient, params: Record<string, string>): Record<string, unknown> {
  const { state } = ctx
  const token = params.REFRESH_TOKEN
  if (token === undefined) throw errors.invalidParameter('Missing required parameter REFRESH_TOKEN')
  const grant = state.refreshGrants.get(token)
  if (!grant || grant.clientId !== client.id || grant.poolId !== pool.id) throw errors.notAuthorized(MESSAGES.refreshInvalid)
  if (grant.expiresAt <= state.clock.now()) throw errors.notAuthorized(MESSAGES.refreshExpired)
  if (!state.liveOrigins.has(grant.originJti)) throw errors.notAuthorized('Refresh Token has been revoked')
  const user = pool.users.get(state.userKey(pool, grant.username))
  if (!user) throw errors.notAuthorized(MESSAGES.refreshInvalid)
  if (!user.enabled) throw errors.notAuthorized('User is disabled.')
  checkSecretHash(client, params.SECRET_HASH, namesOf(user, params.USERNAME))
  if (pool.device && grant.deviceKey) {
    const device = user.devices.get(grant.deviceKey)
    if (params.DEVICE_KEY !== grant.deviceKey || !device || !device.confirmed) throw errors.notAuthorized(MESSAGES.refreshInvalid)
  }
  return {
    ChallengeParameters: {},
    AuthenticationResult: issueTokens(state, {
      pool,
      client,
      user,
      deviceKey: grant.deviceKey,
      newDevice: undefined,
      authTime: grant.authTime,
      originJti: grant.originJti,
    }),
  }
}
