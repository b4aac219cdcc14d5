/** One message the server "sent": an MFA code, a verification code, an invitation or a sign-in code. */
export interface OutboxMessage {
  /** The user's internal user name (for pools that sign in by e-mail or phone, the `sub`). */
  username: string
  /** How it was sent. */
  channel: 'SMS' | 'EMAIL'
  /** Where it was sent, unmasked: the phone number or the e-mail address. */
  destination: string
  /** The code (or the temporary password of an invitation). */
  code: string
  /** The full text of the message. */
  text: string
  /**
   * What the message is for: an MFA code, a verification code (sign-up, attribute, password reset), an
   * invitation, or the one-time code of a passwordless sign-in (USER_AUTH with EMAIL_OTP or SMS_OTP).
   */
  purpose: 'MFA' | 'VERIFICATION' | 'INVITATION' | 'SIGN_IN'
  /** When it was sent, on the server's clock (epoch ms). */
  sentAt: number
}

/**
 * Where SMS and e-mail messages go instead of a phone or an inbox. Tests read codes here.
 *
 * @example
 * ```ts
 * import { startLocalCognito } from 'cognito-auth-machine/testing'
 *
 * const cognito = await startLocalCognito()
 * // ... a sign-in that sends alice an SMS or e-mail code
 * const { code } = cognito.outbox.last('alice')!
 * ```
 */
export interface Outbox {
  /** Every message sent so far, oldest first. */
  readonly messages: readonly OutboxMessage[]
  /**
   * The newest message for a user, matched by internal user name or by the destination (e-mail or
   * phone number); `undefined` when there is none.
   */
  last(usernameOrDestination: string): OutboxMessage | undefined
  /** Empties the outbox. */
  clear(): void
}

/** The outbox plus the server's way in. @internal */
export interface WritableOutbox extends Outbox {
  send(message: OutboxMessage): void
}

/** An empty outbox. @internal */
export function createOutbox(): WritableOutbox {
  const messages: OutboxMessage[] = []
  return {
    messages,
    last(name) {
      return [...messages].reverse().find((m) => m.username === name || m.destination === name)
    },
    clear() {
      messages.length = 0
    },
    send(message) {
      messages.push(message)
    },
  }
}
