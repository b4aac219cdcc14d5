import { summarizeDevice, type DeviceSummary } from '../device/DeviceRecord'
import { AuthError, toAuthError } from '../errors'
import type { ActorKit } from './AuthDeps'
import { storeTokens } from './authExchange'
import type { SessionInfo } from './types'

/** Output of the `restoreSession` actor. */
export interface RestoreSessionOutput {
  /** The stored session. */
  session: SessionInfo
  /** Its device, if the record is there. */
  device: DeviceSummary | null
}

/** Reads a stored session at start (no Cognito call). */
export async function restoreSession(kit: ActorKit): Promise<RestoreSessionOutput | null> {
  const stored = await kit.sessions.load()
  if (!stored) return null
  const found = await kit.devices.find(stored.userId)
  const { tokens: _tokens, ...session } = stored
  const device = found.record && found.record.deviceKey === stored.deviceKey ? summarizeDevice(found.record) : null
  return { session, device }
}

/**
 * REFRESH_TOKEN_AUTH with the device key (device-bound refresh tokens need it). The refresh token is
 * kept unless Cognito rotates it.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 */
export async function refreshSession(kit: ActorKit): Promise<SessionInfo> {
  const stored = await kit.sessions.load()
  if (!stored?.tokens.refreshToken) throw new AuthError('NOT_SIGNED_IN', 'no refresh token in storage')
  const params: Record<string, string> = { REFRESH_TOKEN: stored.tokens.refreshToken, ...(await kit.hashFor(stored.userId)) }
  if (stored.deviceKey) params.DEVICE_KEY = stored.deviceKey
  const out = await kit.presenting({ userId: stored.userId, deviceKey: stored.deviceKey }, () =>
    kit.call('InitiateAuth', { ClientId: kit.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: params }),
  )
  const answer = await storeTokens(kit, out.AuthenticationResult, stored, stored.tokens.refreshToken)
  return answer.session
}

/**
 * Signs out: locally with RevokeToken (the refresh token and its access tokens), or globally with
 * GlobalSignOut (every session of the user). The stored tokens are removed in every case; a failed
 * call is still reported.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RevokeToken.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GlobalSignOut.html
 */
export async function signOut(kit: ActorKit, input: { global: boolean }): Promise<void> {
  const stored = await kit.sessions.load()
  try {
    if (!stored) return
    if (input.global) {
      await kit.call('GlobalSignOut', { AccessToken: stored.tokens.accessToken })
    } else if (stored.tokens.refreshToken) {
      await kit.call('RevokeToken', {
        Token: stored.tokens.refreshToken,
        ClientId: kit.clientId,
        ...(kit.clientSecret ? { ClientSecret: kit.clientSecret } : {}),
      })
    }
  } catch (thrown) {
    throw toAuthError(thrown)
  } finally {
    await kit.sessions.clear()
  }
}

/** Removes the stored session without calling Cognito (a cancelled sign-in). */
export async function clearSession(kit: ActorKit): Promise<void> {
  await kit.sessions.clear()
}
