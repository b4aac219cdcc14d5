import { errors, MESSAGES } from '../errors'
import { confirmedDevice } from './devices'
import type { OpContext, Operation } from '../ops/types'
import type { AppClient, User, UserPool } from '../store/types'
import { issueTokens } from '../tokens/issueTokens'
import { checkSecretHash, namesOf } from './secretHash'

/**
 * REFRESH_TOKEN_AUTH: a live refresh token of this client; with tracking on, bound to its device,
 * which must be presented as DEVICE_KEY and still be confirmed. New access and ID tokens, same
 * origin_jti, no new refresh token and no NewDeviceMetadata. @internal
 */
export function refreshTokens(ctx: OpContext, pool: UserPool, client: AppClient, params: Record<string, string>): Record<string, unknown> {
  const token = params.REFRESH_TOKEN
  if (token === undefined) throw errors.invalidParameter('Missing required parameter REFRESH_TOKEN')
  return refreshWith(ctx, pool, client, token, params.DEVICE_KEY, (user) =>
    checkSecretHash(client, params.SECRET_HASH, namesOf(user, params.USERNAME)),
  )
}

function refreshWith(
  ctx: OpContext,
  pool: UserPool,
  client: AppClient,
  token: string,
  deviceKey: string | undefined,
  checkClient: (user: User) => void,
): Record<string, unknown> {
  const { state } = ctx
  const grant = state.refreshGrants.get(token)
  if (!grant || grant.clientId !== client.id || grant.poolId !== pool.id) throw errors.notAuthorized(MESSAGES.refreshInvalid)
  if (grant.expiresAt <= state.clock.now()) throw errors.notAuthorized(MESSAGES.refreshExpired)
  if (!state.liveOrigins.has(grant.originJti)) throw errors.notAuthorized('Refresh Token has been revoked')
  const user = pool.users.get(state.userKey(pool, grant.username))
  if (!user) throw errors.notAuthorized(MESSAGES.refreshInvalid)
  if (!user.enabled) throw errors.notAuthorized('User is disabled.')
  checkClient(user)
  if (pool.device && grant.deviceKey) {
    if (deviceKey !== grant.deviceKey || !confirmedDevice(user, grant.deviceKey)) throw errors.notAuthorized(MESSAGES.refreshInvalid)
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

/**
 * GetTokensFromRefreshToken: the same refresh as REFRESH_TOKEN_AUTH, with the client secret itself
 * instead of SECRET_HASH. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetTokensFromRefreshToken.html @internal
 */
export const GetTokensFromRefreshToken: Operation = (ctx, input) => {
  const token = input.req('RefreshToken', 8192)
  const { pool, client } = ctx.state.client(input.req('ClientId'))
  const secret = input.str('ClientSecret')
  const deviceKey = input.str('DeviceKey', 55)
  if (!client.authFlows.has('ALLOW_REFRESH_TOKEN_AUTH'))
    throw errors.invalidParameter('REFRESH_TOKEN_AUTH flow not enabled for this client')
  const result = refreshWith(ctx, pool, client, token, deviceKey, () => {
    if (client.secret && secret !== client.secret) throw errors.notAuthorized(`Unable to verify secret hash for client ${client.id}`)
  })
  return { AuthenticationResult: result.AuthenticationResult }
}
