// The first factors of choice-based sign-in (InitiateAuth with AuthFlow USER_AUTH): which ones a user is offered
// (AvailableChallenges), and how each one starts once chosen, by PREFERRED_CHALLENGE or a SELECT_CHALLENGE answer.
import { errors, MESSAGES } from '../errors'
import { noteChallenge } from '../events'
import { ids } from '../ids'
import { maskDestination } from '../mask'
import type { OpContext } from '../ops/types'
import type { LocalState } from '../store/LocalState'
import type { AuthSession, SignInProgress, User, UserPool } from '../store/types'
import { continueSignIn } from './continueSignIn'
import { enabledMethods } from './mfa'
import { createSession, spend, wrongAnswer } from './sessions'
import { readSrpA, startPasswordVerifier } from './srpSteps'
import { startWebAuthn } from './webAuthnFactor'

/** The challenges a USER_AUTH sign-in may name as PREFERRED_CHALLENGE or a SELECT_CHALLENGE ANSWER. */
const FIRST_FACTOR_CHALLENGES = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] as const

/** A first factor this server can offer. @internal */
export type OfferedFactor = (typeof FIRST_FACTOR_CHALLENGES)[number]

/** What the password factors offer: the password in the clear or by SRP (every user here has a password). @internal */
export const PASSWORD_FACTORS: OfferedFactor[] = ['PASSWORD_SRP', 'PASSWORD']

/** Whether MFA applies to the user's sign-ins: the pool requires it, or it is optional and the user has a method turned on. */
function usesMfa(pool: UserPool, user: User): boolean {
  return pool.mfa === 'ON' || (pool.mfa === 'OPTIONAL' && enabledMethods(pool, user).length > 0)
}

const verified = (user: User, attribute: 'email' | 'phone_number') =>
  Boolean(user.attributes.get(attribute)) && user.attributes.get(`${attribute}_verified`) === 'true'

/**
 * AvailableChallenges: of the pool's AllowedFirstAuthFactors, those the user can use. PASSWORD gives PASSWORD_SRP
 * and PASSWORD (SRP first, as the one field report of the list shows); EMAIL_OTP needs a verified e-mail address,
 * SMS_OTP a verified phone number, and neither is offered to a user whose sign-ins need MFA (a pool with MFA ON, or
 * a user with an MFA method on): Cognito does not combine MFA and passwordless sign-in ("If a user has MFA
 * configured, passwordless sign-in options will not be available", the Amplify passwordless guide on Cognito's MFA
 * prerequisites). WEB_AUTHN needs the pool's relying party id (SetUserPoolMfaConfig's WebAuthnConfiguration) and a
 * passkey of the user, and follows the same rule. @internal
 */
export function availableChallenges(pool: UserPool, user: User): OfferedFactor[] {
  const out: OfferedFactor[] = pool.firstAuthFactors.includes('PASSWORD') ? [...PASSWORD_FACTORS] : []
  if (usesMfa(pool, user)) return out
  if (pool.firstAuthFactors.includes('EMAIL_OTP') && verified(user, 'email')) out.push('EMAIL_OTP')
  if (pool.firstAuthFactors.includes('SMS_OTP') && verified(user, 'phone_number')) out.push('SMS_OTP')
  const passkeys = pool.webAuthn.relyingPartyId !== undefined && (user.passkeys?.length ?? 0) > 0
  if (pool.firstAuthFactors.includes('WEB_AUTHN') && passkeys) out.push('WEB_AUTHN')
  return out
}

/** PREFERRED_CHALLENGE, checked: absent, or one of the first-factor challenges (else `InvalidParameterException`). @internal */
export function readPreferred(value: string | undefined): string | undefined {
  if (value === undefined || (FIRST_FACTOR_CHALLENGES as readonly string[]).includes(value)) return value
  throw errors.invalidParameter(`Invalid PREFERRED_CHALLENGE ${value}: use one of ${FIRST_FACTOR_CHALLENGES.join(', ')}.`)
}

/** Whether the `devices.userAuthIgnoresKeyOn` option has the service ignore DEVICE_KEY on a sign-in with this first factor. @internal */
export function ignoresKey(state: LocalState, factor: OfferedFactor): boolean {
  return factor !== 'PASSWORD_SRP' && state.options.devices.userAuthIgnoresKeyOn.includes(factor)
}

/** Answers with SELECT_CHALLENGE; the session keeps what was offered (and a DEVICE_KEY not checked yet). @internal */
export function selectChallenge(
  state: LocalState,
  progress: SignInProgress,
  available: OfferedFactor[],
  pendingKey: string | undefined,
): Record<string, unknown> {
  const session = createSession(state, progress, 'SELECT_CHALLENGE', { available, ...(pendingKey === undefined ? {} : { pendingKey }) })
  return { ChallengeName: 'SELECT_CHALLENGE', Session: session.id, ChallengeParameters: {}, AvailableChallenges: available }
}

/** What a SELECT_CHALLENGE session offered. @internal */
export function offeredIn(session: AuthSession): string[] {
  const available = session.data.available
  return Array.isArray(available) ? (available as string[]) : []
}

/** Where a sign-in stands once a factor is chosen, and the session it was chosen on (none at InitiateAuth). @internal */
export interface Choice {
  ctx: OpContext
  pool: UserPool
  user: User
  progress: SignInProgress
  /** The session the choice answers; spent when the factor starts, counted when its answer is wrong. */
  from: AuthSession | undefined
}

/**
 * Starts a chosen first factor with what came with the choice (`given`: AuthParameters or ChallengeResponses).
 * PASSWORD with PASSWORD is checked at once (then MFA, DEVICE_SRP_AUTH or tokens, as after any password);
 * PASSWORD_SRP with SRP_A answers PASSWORD_VERIFIER; either without them asks for them in a PASSWORD or
 * PASSWORD_SRP challenge. EMAIL_OTP and SMS_OTP send a code; WEB_AUTHN answers with request options (a CREDENTIAL
 * given with the choice is not taken: the ceremony needs the challenge first). A user not in the pool (the decoy of
 * PreventUserExistenceErrors) gets an SRP challenge that cannot pass. @internal
 */
export async function startFactor(choice: Choice, factor: OfferedFactor, given: Record<string, string>): Promise<Record<string, unknown>> {
  const { ctx, pool, user, progress, from } = choice
  const { state } = ctx
  if (factor === 'PASSWORD') {
    const password = given.PASSWORD
    if (password === undefined) return askFor(choice, 'PASSWORD')
    noteChallenge(state, progress, 'Password', password === user.password)
    if (password !== user.password) {
      const refusal = errors.notAuthorized(MESSAGES.badCredentials)
      throw from ? wrongAnswer(state, from, refusal) : refusal
    }
    if (from) spend(from)
    return continueSignIn(ctx, { ...progress, primary: 'PASSWORD' })
  }
  if (factor === 'PASSWORD_SRP') {
    if (given.SRP_A === undefined) return askFor(choice, 'PASSWORD_SRP')
    const A = readSrpA(given.SRP_A)
    if (from) spend(from)
    const decoy = pool.users.get(state.userKey(pool, user.username)) !== user
    return startPasswordVerifier(state, { ...progress, primary: 'SRP' }, pool, user, A, decoy)
  }
  if (factor === 'WEB_AUTHN') return startWebAuthn(choice)
  return sendSignInCode(choice, factor)
}

/** The PASSWORD or PASSWORD_SRP challenge: the factor was chosen without its credential. */
function askFor({ ctx, user, progress, from }: Choice, name: 'PASSWORD' | 'PASSWORD_SRP'): Record<string, unknown> {
  if (from) spend(from)
  const session = createSession(ctx.state, progress, name)
  return { ChallengeName: name, Session: session.id, ChallengeParameters: { USERNAME: user.username } }
}

/**
 * EMAIL_OTP / SMS_OTP as a first factor: a code to the outbox (purpose `SIGN_IN`), and the challenge with its
 * masked destination. Cognito's sign-in codes have 8 digits, fixed (amplify-js #14428), where MFA codes have 6.
 * Its answer (EMAIL_OTP_CODE / SMS_OTP_CODE) is checked as an MFA code is, and no MFA follows it.
 */
function sendSignInCode({ ctx, user, progress, from }: Choice, factor: 'EMAIL_OTP' | 'SMS_OTP'): Record<string, unknown> {
  const { state } = ctx
  const channel = factor === 'EMAIL_OTP' ? 'EMAIL' : 'SMS'
  const attribute = channel === 'EMAIL' ? 'email' : 'phone_number'
  const destination = user.attributes.get(attribute)
  // Offered for a verified address, but the address may be gone by the time the factor is chosen.
  if (!destination) throw errors.invalidParameter(`User does not have ${channel === 'SMS' ? 'a phone_number' : 'an email'} attribute`)
  if (from) spend(from)
  const code = ids.code(8)
  state.outbox.send({
    username: user.username,
    channel,
    destination,
    code,
    text: `Your sign-in code is ${code}.`,
    purpose: 'SIGN_IN',
    sentAt: state.clock.now(),
  })
  const session = createSession(state, { ...progress, primary: 'OTP' }, factor, { code, firstFactor: true })
  return {
    ChallengeName: factor,
    Session: session.id,
    ChallengeParameters: {
      CODE_DELIVERY_DELIVERY_MEDIUM: channel,
      CODE_DELIVERY_DESTINATION: maskDestination(destination),
      USERNAME: user.username,
    },
  }
}
