import { errors } from './errors'
import type { Input } from './input'
import type { MfaName, User } from './store/types'

/**
 * Applies SetUserMFAPreference / AdminSetUserMFAPreference settings. Enabling TOTP before
 * VerifySoftwareToken succeeded is `InvalidParameterException`, as in Cognito. @internal
 */
export function setMfaPreference(user: User, input: Input): void {
  const settings: [string, 'sms' | 'totp' | 'email', MfaName][] = [
    ['SMSMfaSettings', 'sms', 'SMS_MFA'],
    ['SoftwareTokenMfaSettings', 'totp', 'SOFTWARE_TOKEN_MFA'],
    ['EmailMfaSettings', 'email', 'EMAIL_OTP'],
  ]
  const next = { ...user.mfa }
  for (const [member, key, name] of settings) {
    const s = input.obj(member)
    if (!s) continue
    const enabled = s.bool('Enabled')
    const preferred = s.bool('PreferredMfa')
    if (enabled !== undefined) next[key] = enabled
    if (preferred === true) {
      next[key] = true
      next.preferred = name
    } else if (preferred === false && next.preferred === name) next.preferred = undefined
    if (!next[key] && next.preferred === name) next.preferred = undefined
  }
  if (next.totp && !user.mfa.totpSecret) throw errors.invalidParameter('User has not verified software token mfa')
  if (next.email && !user.attributes.get('email')) throw errors.invalidParameter('User does not have an email attribute')
  if (next.sms && !user.attributes.get('phone_number')) throw errors.invalidParameter('User does not have a phone_number attribute')
  user.mfa = next
}

/** The MFA members of GetUser / AdminGetUser. @internal */
export function mfaSummary(user: User): Record<string, unknown> {
  const list: MfaName[] = []
  if (user.mfa.sms) list.push('SMS_MFA')
  if (user.mfa.totp) list.push('SOFTWARE_TOKEN_MFA')
  if (user.mfa.email) list.push('EMAIL_OTP')
  return {
    ...(user.mfa.sms ? { MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] } : {}),
    ...(user.mfa.preferred ? { PreferredMfaSetting: user.mfa.preferred } : {}),
    ...(list.length ? { UserMFASettingList: list } : {}),
  }
}
