import { attributeList, missingRequired } from '../attributes'
import { errors, MESSAGES } from '../errors'
import { advancedSecurityMode, assessRisk, closeSignInEvent } from '../events'
import type { OpContext } from '../ops/types'
import { issueTokens, newDevice } from '../tokens/issueTokens'
import type { SignInProgress } from '../store/types'
import { signInDevice } from './devices'
import { mfaRequirement, startMfa } from './mfa'
import { createSession } from './sessions'

/**
 * The one router every successful step goes through: a forced password
 * change first; then, for a presented device, MFA unless the remembered device may bypass it (it may
 * not when the `risk` option calls the sign-in high and the pool's threat protection is ENFORCED), then
 * DEVICE_SRP_AUTH; without a device, MFA; then tokens, with NewDeviceMetadata when tracking is on
 * and no device was authenticated, and the sign-in's event passes. @internal
 */
export function continueSignIn(ctx: OpContext, progress: SignInProgress): Record<string, unknown> {
  const { state } = ctx
  const { pool, client } = state.client(progress.clientId)
  const user = pool.users.get(state.userKey(pool, progress.username))
  if (!user) throw errors.notAuthorized(MESSAGES.sessionInvalid)
  if (user.status === 'UNCONFIRMED') throw errors.userNotConfirmed('User is not confirmed.')
  if (user.status === 'FORCE_CHANGE_PASSWORD' && !progress.newPasswordDone) {
    const validDays = pool.passwordPolicy.TemporaryPasswordValidityDays
    if (validDays > 0 && state.clock.now() > user.passwordSetAt + validDays * 86_400_000) {
      throw errors.notAuthorized('Temporary password has expired and must be reset by an administrator.')
    }
    const attributes: Record<string, string> = {}
    for (const { Name, Value } of attributeList(user)) if (Name !== 'sub') attributes[Name] = Value
    const session = createSession(state, progress, 'NEW_PASSWORD_REQUIRED')
    return {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: session.id,
      ChallengeParameters: {
        USER_ID_FOR_SRP: user.username,
        requiredAttributes: JSON.stringify(missingRequired(pool, user)),
        userAttributes: JSON.stringify(attributes),
      },
    }
  }
  const device = signInDevice(state, pool, user, progress.deviceKey)
  const mfa = progress.primary === 'CUSTOM' || progress.mfaDone ? undefined : mfaRequirement(pool, user)
  const stepUp = assessRisk(ctx, progress) === 'high' && advancedSecurityMode(pool) === 'ENFORCED'
  if (device && !progress.deviceDone) {
    // signInDevice returns a device only while tracking is on; without tracking there is nothing to bypass with.
    const bypass = device.status === 'remembered' && (pool.device?.ChallengeRequiredOnNewDevice ?? false) && !stepUp
    if (mfa && !bypass) return startMfa(state, progress, user, mfa)
    const session = createSession(state, { ...progress, deviceKey: device.key }, 'DEVICE_SRP_AUTH')
    return { ChallengeName: 'DEVICE_SRP_AUTH', Session: session.id, ChallengeParameters: { USERNAME: user.username } }
  }
  if (!device && mfa) return startMfa(state, progress, user, mfa)
  const fresh = pool.device && !device ? newDevice(state, user, ctx.ip, ctx.userAgent) : undefined
  closeSignInEvent(ctx, progress, fresh?.DeviceKey)
  user.signIns = (user.signIns ?? 0) + 1
  return {
    ChallengeParameters: {},
    AuthenticationResult: issueTokens(state, {
      pool,
      client,
      user,
      deviceKey: device?.key ?? fresh?.DeviceKey,
      newDevice: fresh,
      authTime: progress.authTime,
    }),
  }
}
