import { errors, MESSAGES } from '../errors'
import { guaranteed } from '../guaranteed'
import { ids } from '../ids'
import { maskDestination } from '../mask'
import type { LocalState } from '../store/LocalState'
import type { AuthSession, MfaName, SignInProgress, User, UserPool } from '../store/types'
import { acceptTotp } from '../totp'
import { createSession, wrongAnswer } from './sessions'

/** What MFA a sign-in needs. @internal */
export type MfaRequirement =
  { kind: 'challenge'; name: MfaName } | { kind: 'select'; options: MfaName[] } | { kind: 'setup'; options: MfaName[] }

/** The methods the pool offers and the user has turned on (and can receive). @internal */
export function enabledMethods(pool: UserPool, user: User): MfaName[] {
  const out: MfaName[] = []
  if (pool.mfaMethods.sms && user.mfa.sms && user.attributes.get('phone_number')) out.push('SMS_MFA')
  if (pool.mfaMethods.totp && user.mfa.totp && user.mfa.totpSecret) out.push('SOFTWARE_TOKEN_MFA')
  if (pool.mfaMethods.email && user.mfa.email && user.attributes.get('email')) out.push('EMAIL_OTP')
  return out
}

/**
 * The MFA a user faces: none when the pool's MFA is off or optional and the user has none; the
 * preferred or only method; SELECT_MFA_TYPE between several; and, when the pool requires MFA and the
 * user has none, SMS to the user's phone if the pool offers SMS, else MFA_SETUP. @internal
 */
export function mfaRequirement(pool: UserPool, user: User): MfaRequirement | undefined {
  if (pool.mfa === 'OFF') return undefined
  const enabled = enabledMethods(pool, user)
  const [first, ...others] = enabled
  if (first === undefined) {
    if (pool.mfa !== 'ON') return undefined
    if (pool.mfaMethods.sms && user.attributes.get('phone_number')) return { kind: 'challenge', name: 'SMS_MFA' }
    if (pool.mfaMethods.totp) return { kind: 'setup', options: ['SOFTWARE_TOKEN_MFA'] }
    if (pool.mfaMethods.email && user.attributes.get('email')) return { kind: 'challenge', name: 'EMAIL_OTP' }
    throw errors.invalidUserPoolConfiguration('User has no MFA method the pool can use.')
  }
  if (user.mfa.preferred && enabled.includes(user.mfa.preferred)) return { kind: 'challenge', name: user.mfa.preferred }
  if (others.length === 0) return { kind: 'challenge', name: first }
  return { kind: 'select', options: enabled }
}

/** Issues an MFA challenge: codes for SMS and e-mail go to the outbox. @internal */
export function startMfa(state: LocalState, progress: SignInProgress, user: User, requirement: MfaRequirement): Record<string, unknown> {
  if (requirement.kind === 'select') {
    const session = createSession(state, progress, 'SELECT_MFA_TYPE', { options: requirement.options })
    return {
      ChallengeName: 'SELECT_MFA_TYPE',
      Session: session.id,
      ChallengeParameters: { MFAS_CAN_CHOOSE: JSON.stringify(requirement.options), USERNAME: user.username },
    }
  }
  if (requirement.kind === 'setup') {
    const session = createSession(state, progress, 'MFA_SETUP:associate')
    return {
      ChallengeName: 'MFA_SETUP',
      Session: session.id,
      ChallengeParameters: { MFAS_CAN_SETUP: JSON.stringify(requirement.options), USERNAME: user.username },
    }
  }
  const name = requirement.name
  if (name === 'SOFTWARE_TOKEN_MFA') {
    const session = createSession(state, progress, name)
    return { ChallengeName: name, Session: session.id, ChallengeParameters: { USERNAME: user.username } }
  }
  const channel = name === 'SMS_MFA' ? 'SMS' : 'EMAIL'
  // Checked when the method was offered, but a SELECT_MFA_TYPE answer comes later: the attribute may be gone by then.
  const destination = user.attributes.get(channel === 'SMS' ? 'phone_number' : 'email')
  if (!destination) {
    // The messages SetUserMFAPreference gives for the same missing attribute.
    throw errors.invalidParameter(`User does not have ${channel === 'SMS' ? 'a phone_number' : 'an email'} attribute`)
  }
  const code = ids.code()
  state.outbox.send({
    username: user.username,
    channel,
    destination,
    code,
    text: `Your authentication code is ${code}.`,
    purpose: 'MFA',
    sentAt: state.clock.now(),
  })
  const session = createSession(state, progress, name, { code })
  return {
    ChallengeName: name,
    Session: session.id,
    ChallengeParameters: {
      CODE_DELIVERY_DELIVERY_MEDIUM: channel,
      CODE_DELIVERY_DESTINATION: maskDestination(destination),
      USERNAME: user.username,
    },
  }
}

const CODE_KEY: Record<string, string> = {
  SMS_MFA: 'SMS_MFA_CODE',
  SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE',
  EMAIL_OTP: 'EMAIL_OTP_CODE',
  // USER_AUTH's first factor by text message (its e-mail counterpart shares EMAIL_OTP with e-mail MFA).
  SMS_OTP: 'SMS_OTP_CODE',
}

/**
 * Checks an MFA code, or the code of a USER_AUTH EMAIL_OTP / SMS_OTP first factor; a wrong one is
 * `CodeMismatchException` and counts as a wrong answer. @internal
 */
export function checkMfaCode(state: LocalState, session: AuthSession, user: User, responses: Record<string, string>): void {
  const name = session.expects
  const key = guaranteed(CODE_KEY[name], 'codes answer only SMS_MFA, EMAIL_OTP, SMS_OTP and SOFTWARE_TOKEN_MFA sessions')
  const code = responses[key]
  if (code === undefined) throw errors.invalidParameter(`Missing required parameter ${key}`)
  if (name === 'SOFTWARE_TOKEN_MFA') {
    if (!user.mfa.totpSecret) throw errors.softwareTokenNotFound(MESSAGES.totpMissing)
    if (acceptTotp(state, user, user.mfa.totpSecret, code)) return
  } else if (code === session.data.code) return
  throw wrongAnswer(state, session, errors.codeMismatch(MESSAGES.codeMismatch))
}
