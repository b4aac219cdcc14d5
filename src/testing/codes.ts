import { errors } from './errors'
import { guaranteed } from './guaranteed'
import { ids } from './ids'
import { maskDestination } from './mask'
import type { LocalState } from './store/LocalState'
import type { User, UserPool } from './store/types'

/** A pending one-time code: attribute verification, sign-up confirmation, password reset. @internal */
export interface PendingCode {
  code: string
  expiresAt: number
  /** The attribute the code went to (the one a sign-up confirmation verifies). */
  attribute: 'email' | 'phone_number'
  /** Wrong answers so far; at the `codeAttemptLimit` option the code takes no more answers. */
  wrong: number
}

/** What a code is for; part of its key. @internal */
export type CodePurpose = 'email' | 'phone_number' | 'signup' | 'forgot'

const keyOf = (pool: UserPool, user: User, purpose: CodePurpose) => `${pool.id}:${user.username}:${purpose}`

/**
 * Sends a code to the user's e-mail or phone (the outbox) and keeps it for `ttlMs` on the server's
 * clock. Returns Cognito's CodeDeliveryDetailsType. The caller picks an `attribute` the user has. @internal
 */
export function sendCode(
  state: LocalState,
  pool: UserPool,
  user: User,
  purpose: CodePurpose,
  attribute: 'email' | 'phone_number',
  ttlMs: number,
): { Destination: string; DeliveryMedium: 'EMAIL' | 'SMS'; AttributeName: string } {
  const destination = guaranteed(user.attributes.get(attribute), `sendCode is called only for an attribute the user has (${attribute})`)
  const code = ids.code()
  const channel = attribute === 'email' ? 'EMAIL' : 'SMS'
  // A new code replaces the previous one (and its count of wrong answers).
  state.verificationCodes.set(keyOf(pool, user, purpose), { code, expiresAt: state.clock.now() + ttlMs, attribute, wrong: 0 })
  state.outbox.send({
    username: user.username,
    channel,
    destination,
    code,
    text: purpose === 'forgot' ? `Your password reset code is ${code}.` : `Your verification code is ${code}.`,
    purpose: 'VERIFICATION',
    sentAt: state.clock.now(),
  })
  return { Destination: maskDestination(destination), DeliveryMedium: channel, AttributeName: attribute }
}

/** Cognito's messages for code answers. @internal */
export const CODE_MESSAGES = {
  mismatch: 'Invalid verification code provided, please try again.',
  expired: 'Invalid code provided, please request a code again.',
  limit: 'Attempt limit exceeded, please try after some time.',
} as const

/**
 * Checks and consumes a code: a missing or expired one is `ExpiredCodeException`; a code that has had
 * `codeAttemptLimit` wrong answers is `LimitExceededException` (even for the right answer); a wrong one
 * is `CodeMismatchException` and counts; all with Cognito's messages. Returns the code consumed. @internal
 */
export function consumeCode(state: LocalState, pool: UserPool, user: User, purpose: CodePurpose, given: string): PendingCode {
  const key = keyOf(pool, user, purpose)
  const pending = state.verificationCodes.get(key)
  if (!pending) throw errors.expiredCode(CODE_MESSAGES.expired)
  if (pending.wrong >= state.options.codeAttemptLimit) throw errors.make('LimitExceededException', CODE_MESSAGES.limit)
  if (pending.expiresAt <= state.clock.now()) throw errors.expiredCode(CODE_MESSAGES.expired)
  if (pending.code !== given) {
    pending.wrong++
    throw errors.codeMismatch(CODE_MESSAGES.mismatch)
  }
  state.verificationCodes.delete(key)
  return pending
}

/** The attribute a sign-up code goes to: the first of e-mail and phone that the pool auto-verifies and the user has. @internal */
export function signUpDestination(pool: UserPool, user: User): 'email' | 'phone_number' | undefined {
  return (['email', 'phone_number'] as const).find((a) => pool.autoVerifiedAttributes.includes(a) && user.attributes.get(a))
}

/** The attribute a code for this user goes to: a verified e-mail, else a verified phone (or any, when `verified` is false). @internal */
export function codeDestination(user: User, verified: boolean): 'email' | 'phone_number' | undefined {
  for (const attr of ['email', 'phone_number'] as const) {
    if (user.attributes.get(attr) && (!verified || user.attributes.get(`${attr}_verified`) === 'true')) return attr
  }
  return undefined
}
