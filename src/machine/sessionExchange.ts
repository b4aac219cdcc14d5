import { summarizeDevice, type DeviceSummary } from '../device/DeviceRecord'
import { withTrustDeadline } from '../device/trustPolicy'
import type { ActorKit } from './AuthDeps'
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
  return {
    username: stored.username,
    userId: stored.userId,
    expiresAt: stored.expiresAt,
    issuedAt: stored.issuedAt,
    deviceKey: stored.deviceKey,
  }
}

/**
 * Reads the stored session (no Cognito call): at start any user's (`userId` null), later only that
 * user's (null when it is gone or another user's: the client then shows signedOut).
 */
export async function restoreSession(kit: ActorKit, input: { userId: string | null }): Promise<RestoreSessionOutput | null> {
  const stored = await kit.sessions.load()
  if (!stored || (input.userId !== null && stored.userId !== input.userId)) return null
  const found = await kit.devices.find(stored.userId)
  const device =
    found.record && found.record.deviceKey === stored.deviceKey ? summarizeDevice(withTrustDeadline(found.record, kit.trust)) : null
  return { session: infoOf(stored), device }
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
