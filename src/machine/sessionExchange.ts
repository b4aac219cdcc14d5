import { summarizeDevice, type DeviceSummary } from '../device/DeviceRecord'
import { AuthError, toAuthError } from '../errors'
import type { ActorKit } from './AuthDeps'
import { storeTokens } from './authExchange'
import type { StoredSession } from './sessionStore'
import type { SessionInfo } from './types'

/** Output of the `restoreSession` actor. */
export interface RestoreSessionOutput {
  /** The stored session. */
  session: SessionInfo
  /** Its device, if the record is there. */
  device: DeviceSummary | null
}

/** What a stored session says, without its tokens. */
function infoOf(stored: StoredSession): SessionInfo {
  return { username: stored.username, userId: stored.userId, expiresAt: stored.expiresAt, issuedAt: stored.issuedAt, deviceKey: stored.deviceKey }
}

/**
 * Reads the stored session (no Cognito call): at start any user's (`userId` null), later only that
 * user's (null when it is gone or another user's: the client then shows signedOut).
 */
export async function restoreSession(kit: ActorKit, input: { userId: string | null }): Promise<RestoreSessionOutput | null> {
  const stored = await kit.sessions.load()
  if (!stored || (input.userId !== null && stored.userId !== input.userId)) return null
  const found = await kit.devices.find(stored.userId)
  const device = found.record && found.record.deviceKey === stored.deviceKey ? summarizeDevice(found.record) : null
  return { session: infoOf(stored), device }
}

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
    if (stored.issuedAt > input.issuedAt) return infoOf(stored)
    const refreshToken = stored.tokens.refreshToken
    if (!refreshToken) throw new AuthError('NOT_AUTHORIZED', 'This session cannot be refreshed. Sign in again.')
    const params: Record<string, string> = { REFRESH_TOKEN: refreshToken, ...(await kit.hashFor(stored.userId)) }
    if (stored.deviceKey) params.DEVICE_KEY = stored.deviceKey
    const out = await kit.presenting({ userId: stored.userId, deviceKey: stored.deviceKey }, () =>
      kit.call('InitiateAuth', { ClientId: kit.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: params }),
    )
    const answer = await storeTokens(kit, kit.checks.own(out, 'AuthenticationResult'), stored, refreshToken)
    return answer.session
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
    if (input.global) {
      await kit.call('GlobalSignOut', { AccessToken: stored.tokens.accessToken })
    } else if (stored.tokens.refreshToken) {
      await kit.call('RevokeToken', { Token: stored.tokens.refreshToken, ClientId: kit.clientId, ClientSecret: kit.clientSecret })
    }
  } catch (thrown) {
    throw toAuthError(thrown)
  } finally {
    await kit.sessions.clear()
  }
}

/**
 * Removes the tokens a sign-in stored, when it is left (cancel, a lost session), without calling
 * Cognito: only if the stored session is still that sign-in's (another tab may have signed in since).
 */
export async function clearSession(kit: ActorKit, input: { session: SessionInfo | null }): Promise<void> {
  const mine = input.session
  if (!mine) return
  await kit.sessions.locked(async () => {
    const stored = await kit.sessions.load()
    if (stored?.userId === mine.userId && stored.issuedAt === mine.issuedAt) await kit.sessions.clear()
  })
}
