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
  state.verificationCodes.set(keyOf(pool, user, purpose), { code, expiresAt: state.clock.now() + ttlMs })
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

/**
 * Checks and consumes a code: a wrong one is `CodeMismatchException`, an expired or missing one
 * `ExpiredCodeException`, with Cognito's messages. @internal
 */
export function consumeCode(state: LocalState, pool: UserPool, user: User, purpose: CodePurpose, given: string): void {
  const key = keyOf(pool, user, purpose)
  const pending = state.verificationCodes.get(key)
  if (!pending || pending.expiresAt <= state.clock.now()) {
    throw errors.expiredCode('Invalid code provided, please request a code again.')
  }
  if (pending.code !== given) throw errors.codeMismatch('Invalid verification code provided, please try again.')
  state.verificationCodes.delete(key)
}

/** The attribute a code for this user goes to: a verified e-mail, else a verified phone (or any, when `verified` is false). @internal */
export function codeDestination(user: User, verified: boolean): 'email' | 'phone_number' | undefined {
  for (const attr of ['email', 'phone_number'] as const) {
    if (user.attributes.get(attr) && (!verified || user.attributes.get(`${attr}_verified`) === 'true')) return attr
  }
  return undefined
}
