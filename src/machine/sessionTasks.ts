/**
 * What a signed-in session does after sign-in: refresh its tokens, sign out, and forget a device whose
 * trust expired. Loaded on first use (see `later` in authActors.ts).
 */
import { AuthError, toAuthError } from '../errors'
import type { ActorKit } from './AuthDeps'
import { hashFor, storeTokens } from './authExchange'
import { own } from './checks'
import type { SessionInfo } from './types'

/**
 * REFRESH_TOKEN_AUTH with the device key (device-bound refresh tokens need it), under the storage's
 * session lock, so that two clients on one storage (two tabs) never spend one refresh token twice: a
 * client that finds the session refreshed by another since it last read it takes those tokens and
 * calls nothing. The refresh token is kept unless Cognito rotates it.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 */
export async function refreshSession(kit: ActorKit, input: { userId: string; issuedAt: number }): Promise<SessionInfo> {
  return kit.sessions.locked(async () => {
    const stored = await kit.signedIn(input.userId)
    const { username, userId, expiresAt, issuedAt, deviceKey } = stored
    if (issuedAt > input.issuedAt) return { username, userId, expiresAt, issuedAt, deviceKey }
    const refreshToken = stored.tokens.refreshToken
    if (!refreshToken) throw new AuthError('NOT_AUTHORIZED', 'This session cannot be refreshed. Sign in again.')
    const params: Record<string, string> = { REFRESH_TOKEN: refreshToken, ...(await hashFor(kit, stored.userId)) }
    if (stored.deviceKey) params.DEVICE_KEY = stored.deviceKey
    const out = await kit.presenting({ userId: stored.userId, deviceKey: stored.deviceKey }, () =>
      kit.call('InitiateAuth', { ClientId: kit.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: params }),
    )
    return (await storeTokens(kit, own(out, 'AuthenticationResult'), stored, refreshToken)).session
  })
}

/**
 * Signs out: locally with RevokeToken (the refresh token and its access tokens), or globally with
 * GlobalSignOut (every session of the user). The stored tokens are removed in every case; a failed
 * call is still reported. A stored session of another user (another tab signed in as someone else) is
 * neither revoked nor removed.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RevokeToken.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GlobalSignOut.html
 */
export async function signOut(kit: ActorKit, input: { global: boolean; userId: string }): Promise<void> {
  const stored = await kit.sessions.load()
  if (stored?.userId !== input.userId) return
  try {
    if (input.global) await kit.call('GlobalSignOut', { AccessToken: stored.tokens.accessToken })
    else if (stored.tokens.refreshToken) {
      await kit.call('RevokeToken', { Token: stored.tokens.refreshToken, ClientId: kit.clientId, ClientSecret: kit.clientSecret })
    }
  } finally {
    await kit.sessions.clear()
  }
}

/**
 * ForgetDevice for a device whose trust expired before this sign-in, so its secret can never skip MFA
 * again. A device Cognito no longer knows counts as forgotten.
 */
export async function forgetExpiredDevice(kit: ActorKit, input: { userId: string; deviceKey: string }): Promise<void> {
  const session = await kit.signedIn(input.userId)
  try {
    await kit.call('ForgetDevice', { AccessToken: session.tokens.accessToken, DeviceKey: input.deviceKey })
  } catch (thrown) {
    const error = toAuthError(thrown)
    if (error.code !== 'STALE_DEVICE' && error.code !== 'RESOURCE_NOT_FOUND') throw error
  }
  await kit.recordTrust(session, input.deviceKey, null)
}
