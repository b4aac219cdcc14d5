// The test model of the account flows: sign-up (SignUp, ConfirmSignUp, ResendConfirmationCode) and
// password reset (ForgotPassword, ConfirmForgotPassword) as Cognito's API reference describes them, seen
// from one client, and where each meets the sign-in: a confirmed sign-up with Cognito's session signs
// in with it (InitiateAuth USER_AUTH, no password), a reset signs in with the new password when asked.
// Like protocolModel.ts it is a plain chart with no actors, for xstate/graph; each event names what the
// user does and what Cognito answers, and accountDriver.ts plays it on the real client.
import { assign, setup } from 'xstate'
import type { Confirm } from './protocolModel'

/** SignUp's answers: a user created unconfirmed (a code went out, with SignUp's Session) or confirmed by a Lambda; or refused. */
export type SignUpAnswer = 'unconfirmed' | 'confirmed' | 'usernameExists' | 'invalidPassword' | 'limitExceeded'
/**
 * ConfirmSignUp's answers: confirmed, with a Session for the auto sign-in (only when the request carried
 * SignUp's) or without; a wrong or expired code; or "User cannot be confirmed. Current status is
 * CONFIRMED" (the code was used elsewhere). `sessionExpired` is two answers: SignUp's Session outlived
 * the app client's AuthSessionValidity, so the request carrying it is refused ("Invalid session for the
 * user, session is expired."), and the same code sent again without it confirms, with a Session of
 * ConfirmSignUp's own for the auto sign-in.
 */
export type ConfirmAnswer = 'session' | 'noSession' | 'codeMismatch' | 'expiredCode' | 'alreadyConfirmed' | 'sessionExpired'
/** ResendConfirmationCode's (and, for a reset, ForgotPassword's again) answers: a new code, "User is already confirmed.", or a limit. */
export type ResendAnswer = 'delivered' | 'alreadyConfirmed' | 'limitExceeded'
/** ForgotPassword's answers: a code to a verified e-mail or phone, or InvalidParameter: no verified channel. */
export type ForgotAnswer = 'delivered' | 'noVerifiedChannel'
/** ConfirmForgotPassword's answers. */
export type ResetAnswer = 'reset' | 'codeMismatch' | 'invalidPassword'
/**
 * InitiateAuth USER_AUTH with the sign-up's Session: tokens (a new device), a challenge as after any
 * first factor (an e-mail code, TOTP enrolment), a choice of factors (SELECT_CHALLENGE), or refused
 * (USER_AUTH not enabled for the app client).
 */
export type AutoSignIn = 'tokens' | 'EMAIL_OTP' | 'MFA_SETUP' | 'SELECT_CHALLENGE' | 'refused'

/** The error codes a step of the account flows shows (Cognito's exception, as the client names it). */
export type AccountErrorCode =
  'USERNAME_EXISTS' | 'INVALID_PASSWORD' | 'LIMIT_EXCEEDED' | 'CODE_MISMATCH' | 'EXPIRED_CODE' | 'NO_RECOVERY_CHANNEL'

export interface AccountContext {
  /** The client has an app client secret: SecretHash (SECRET_HASH) goes with every call. */
  secret: boolean
  /** The code step holds SignUp's Session (ConfirmSignUp sends it, and may answer with a Session of its own). */
  session: boolean
  /** The code step shows where the code went (CodeDeliveryDetails). */
  delivery: boolean
  /** The error the current step shows. */
  error: AccountErrorCode | null
  /** A wrong code or a new code happened in this code step (one such detour per path). */
  detour: boolean
  /** A form was sent again after a failure (once per path). */
  retried: boolean
  /** How the sign-in after the flow goes on, and how Cognito confirms the new device. */
  next: AutoSignIn | null
  confirm: Confirm | null
  /** The device once signed in. */
  device: 'none' | 'remembered' | 'notRemembered'
  /** What signedOut says at the end. */
  notice: 'accountConfirmed' | 'passwordReset' | null
  /** The sign-in after the flow: with the sign-up's session, or with the new password. */
  signIn: 'session' | 'password' | null
}

export type AccountEvent =
  | { type: 'GIVEN'; secret?: true }
  | { type: 'SIGN_UP'; answer: SignUpAnswer; then?: AutoSignIn; confirm?: Confirm }
  | { type: 'CONFIRM_SIGN_UP' }
  | { type: 'FORGOT_PASSWORD'; answer: ForgotAnswer }
  | { type: 'SUBMIT_CODE'; answer: ConfirmAnswer; then?: AutoSignIn; confirm?: Confirm }
  | { type: 'RESEND_CODE'; answer: ResendAnswer }
  | { type: 'RESET_PASSWORD'; answer: ResetAnswer; signIn?: true; confirm?: Confirm }
  /** The e-mail code the auto sign-in asked for, right. */
  | { type: 'SUBMIT_MFA'; confirm: Confirm }
  /** TOTP enrolment after the auto sign-in, with a right code. */
  | { type: 'CONFIRM_TOTP'; confirm: Confirm }
  | { type: 'REMEMBER'; remember: boolean }
  | { type: 'CANCEL' }

const cancel: AccountEvent = { type: 'CANCEL' }
const CONFIRMS: Confirm[] = ['prompt', 'always']

/**
 * The sign-ins that follow a confirmed sign-up with a session: every answer of USER_AUTH, every way the
 * new device is confirmed. A path whose flow took a detour (a wrong code, a new code, a form sent again)
 * goes on with one of them only: what follows the session does not depend on how it was reached, and the
 * cross product would multiply the paths without reaching anything new.
 */
function autoSignIns(c: AccountContext): { then: AutoSignIn; confirm?: Confirm }[] {
  if (c.detour || c.retried) return [{ then: 'tokens', confirm: 'always' }]
  return [
    ...CONFIRMS.map((confirm) => ({ then: 'tokens' as const, confirm })),
    { then: 'EMAIL_OTP' },
    { then: 'MFA_SETUP' },
    { then: 'SELECT_CHALLENGE' },
    { then: 'refused' },
  ]
}

/** The events the model offers in a state: what xstate/graph explores. */
export function accountEvents(snapshot: { value: unknown; context: AccountContext }): AccountEvent[] {
  const c = snapshot.context
  const once = !c.detour
  switch (snapshot.value) {
    case 'start':
      return [{ type: 'GIVEN' }, { type: 'GIVEN', secret: true }]
    case 'signedOut':
      return [
        ...(['unconfirmed', 'usernameExists', 'invalidPassword', 'limitExceeded'] as const).map(
          (answer) => ({ type: 'SIGN_UP', answer }) as AccountEvent,
        ),
        ...autoSignIns(c).map((a) => ({ type: 'SIGN_UP', answer: 'confirmed', ...a }) as AccountEvent),
        { type: 'CONFIRM_SIGN_UP' },
        { type: 'FORGOT_PASSWORD', answer: 'delivered' },
        { type: 'FORGOT_PASSWORD', answer: 'noVerifiedChannel' },
      ]
    case 'signUpForm':
      return c.retried
        ? [cancel]
        : [
            { type: 'SIGN_UP', answer: 'unconfirmed' },
            { type: 'SIGN_UP', answer: c.error === 'USERNAME_EXISTS' ? 'invalidPassword' : 'usernameExists' },
            cancel,
          ]
    case 'confirmSignUp':
      return [
        ...(c.session ? autoSignIns(c).map((a) => ({ type: 'SUBMIT_CODE', answer: 'session', ...a }) as AccountEvent) : []),
        // SignUp's session expired before the code came: one sign-in after it only, as after a detour (what
        // follows ConfirmSignUp's session is what follows it after 'session', which takes every sign-in)
        ...(c.session ? [{ type: 'SUBMIT_CODE', answer: 'sessionExpired', then: 'tokens', confirm: 'always' } as AccountEvent] : []),
        { type: 'SUBMIT_CODE', answer: 'noSession' },
        { type: 'SUBMIT_CODE', answer: 'alreadyConfirmed' },
        ...(once
          ? ([
              { type: 'SUBMIT_CODE', answer: 'codeMismatch' },
              { type: 'SUBMIT_CODE', answer: 'expiredCode' },
              { type: 'RESEND_CODE', answer: 'delivered' },
              { type: 'RESEND_CODE', answer: 'limitExceeded' },
              { type: 'RESEND_CODE', answer: 'alreadyConfirmed' },
            ] as AccountEvent[])
          : []),
        cancel,
      ]
    case 'forgotForm':
      return c.retried ? [cancel] : [{ type: 'FORGOT_PASSWORD', answer: 'delivered' }, cancel]
    case 'resetPassword':
      return [
        { type: 'RESET_PASSWORD', answer: 'reset' },
        ...(c.detour || c.retried ? (['always'] as const) : CONFIRMS).map(
          (confirm) => ({ type: 'RESET_PASSWORD', answer: 'reset', signIn: true, confirm }) as AccountEvent,
        ),
        ...(once
          ? ([
              { type: 'RESET_PASSWORD', answer: 'codeMismatch' },
              { type: 'RESET_PASSWORD', answer: 'invalidPassword' },
              { type: 'RESEND_CODE', answer: 'delivered' },
              { type: 'RESEND_CODE', answer: 'limitExceeded' },
            ] as AccountEvent[])
          : []),
        cancel,
      ]
    case 'mfaCode':
      return CONFIRMS.map((confirm) => ({ type: 'SUBMIT_MFA', confirm }))
    case 'totpSetup':
      return CONFIRMS.map((confirm) => ({ type: 'CONFIRM_TOTP', confirm }))
    case 'rememberDevice':
      return [
        { type: 'REMEMBER', remember: true },
        { type: 'REMEMBER', remember: false },
      ]
    default:
      return []
  }
}

const ERRORS: Partial<Record<SignUpAnswer | ConfirmAnswer | ResendAnswer | ResetAnswer | ForgotAnswer, AccountErrorCode>> = {
  usernameExists: 'USERNAME_EXISTS',
  invalidPassword: 'INVALID_PASSWORD',
  limitExceeded: 'LIMIT_EXCEEDED',
  codeMismatch: 'CODE_MISMATCH',
  expiredCode: 'EXPIRED_CODE',
  noVerifiedChannel: 'NO_RECOVERY_CHANNEL',
}

type Answered = { answer: string; then?: AutoSignIn; confirm?: Confirm }
const is =
  (...answers: string[]) =>
  ({ event }: { event: AccountEvent }) =>
    answers.includes((event as Answered).answer)
/** The sign-in a session leads to: how it goes on, and how the new device is confirmed. */
const signingIn = (event: AccountEvent, signIn: AccountContext['signIn']): Partial<AccountContext> => {
  const e = event as Answered
  return { signIn, next: e.then ?? 'tokens', confirm: e.confirm ?? null, error: null }
}
const failed = ({ event }: { event: AccountEvent }) => ({ error: ERRORS[(event as Answered).answer as 'usernameExists'] ?? null })
const detour = ({ event }: { event: AccountEvent }) => ({ ...failed({ event }), detour: true })

/** A new device confirmed as Cognito's ConfirmDevice said: asked (prompt) or remembered at once. */
const confirmed = (confirm: Confirm | null): Partial<AccountContext> =>
  confirm === 'prompt' ? { device: 'notRemembered' } : { device: 'remembered' }

export const accountModel = setup({
  types: { context: {} as AccountContext, events: {} as AccountEvent },
}).createMachine({
  id: 'account',
  initial: 'start',
  context: {
    secret: false,
    session: false,
    delivery: false,
    error: null,
    detour: false,
    retried: false,
    next: null,
    confirm: null,
    device: 'none',
    notice: null,
    signIn: null,
  },
  states: {
    start: { on: { GIVEN: { target: 'signedOut', actions: assign(({ event }) => ({ secret: event.secret === true })) } } },
    signedOut: {
      on: {
        SIGN_UP: [
          { guard: is('usernameExists', 'invalidPassword'), target: 'signUpForm', actions: assign(failed) },
          // created, but the code could not go out (a delivery limit): the code step, saying so, with no session
          { guard: is('limitExceeded'), target: 'confirmSignUp', actions: assign({ error: 'LIMIT_EXCEEDED' }) },
          { guard: is('confirmed'), target: 'signingIn', actions: assign(({ event }) => signingIn(event, 'session')) },
          { target: 'confirmSignUp', actions: assign({ session: true, delivery: true }) },
        ],
        // a user who has a code already: the code step, with no session and no delivery to show
        CONFIRM_SIGN_UP: 'confirmSignUp',
        FORGOT_PASSWORD: [
          { guard: is('noVerifiedChannel'), target: 'forgotForm', actions: assign(failed) },
          { target: 'resetPassword', actions: assign({ delivery: true }) },
        ],
      },
    },
    signUpForm: {
      on: {
        SIGN_UP: [
          {
            guard: is('usernameExists', 'invalidPassword'),
            target: 'signUpForm',
            actions: assign(({ event }) => ({ ...failed({ event }), retried: true })),
          },
          { target: 'confirmSignUp', actions: assign({ session: true, delivery: true, error: null, retried: true }) },
        ],
        CANCEL: 'left',
      },
    },
    confirmSignUp: {
      on: {
        SUBMIT_CODE: [
          { guard: is('codeMismatch', 'expiredCode'), target: 'confirmSignUp', actions: assign(detour) },
          // with a session: SignUp's, or (SignUp's refused as expired, the code sent again without it) ConfirmSignUp's own
          { guard: is('session', 'sessionExpired'), target: 'signingIn', actions: assign(({ event }) => signingIn(event, 'session')) },
          // confirmed with no session for a sign-in, or confirmed already (the code was used elsewhere)
          { target: 'confirmedOut', actions: assign({ notice: 'accountConfirmed', error: null }) },
        ],
        RESEND_CODE: [
          { guard: is('alreadyConfirmed'), target: 'confirmedOut', actions: assign({ notice: 'accountConfirmed', error: null }) },
          { guard: is('limitExceeded'), target: 'confirmSignUp', actions: assign(detour) },
          { target: 'confirmSignUp', actions: assign({ delivery: true, error: null, detour: true }) },
        ],
        CANCEL: 'left',
      },
    },
    forgotForm: {
      on: {
        FORGOT_PASSWORD: { target: 'resetPassword', actions: assign({ delivery: true, error: null, retried: true }) },
        CANCEL: 'left',
      },
    },
    resetPassword: {
      on: {
        RESET_PASSWORD: [
          { guard: is('codeMismatch', 'invalidPassword'), target: 'resetPassword', actions: assign(detour) },
          {
            guard: ({ event }) => event.signIn === true,
            target: 'signingIn',
            actions: assign(({ event }) => signingIn(event, 'password')),
          },
          { target: 'resetOut', actions: assign({ notice: 'passwordReset', error: null }) },
        ],
        RESEND_CODE: [
          { guard: is('limitExceeded'), target: 'resetPassword', actions: assign(detour) },
          { target: 'resetPassword', actions: assign({ delivery: true, error: null, detour: true }) },
        ],
        CANCEL: 'left',
      },
    },
    /** Cognito's answer to the sign-in that follows the flow. */
    signingIn: {
      always: [
        { guard: ({ context }) => context.next === 'EMAIL_OTP', target: 'mfaCode' },
        { guard: ({ context }) => context.next === 'MFA_SETUP', target: 'totpSetup' },
        // a choice of factors, or USER_AUTH refused: the user signs in with the password
        { guard: ({ context }) => context.next !== 'tokens', target: 'confirmedOut', actions: assign({ notice: 'accountConfirmed' }) },
        { target: 'authenticated' },
      ],
    },
    mfaCode: { on: { SUBMIT_MFA: { target: 'authenticated', actions: assign(({ event }) => ({ confirm: event.confirm })) } } },
    totpSetup: { on: { CONFIRM_TOTP: { target: 'authenticated', actions: assign(({ event }) => ({ confirm: event.confirm })) } } },
    authenticated: {
      always: [
        {
          guard: ({ context }) => context.confirm === 'prompt',
          target: 'rememberDevice',
          actions: assign(({ context }) => confirmed(context.confirm)),
        },
        { target: 'signedIn', actions: assign(({ context }) => confirmed(context.confirm)) },
      ],
    },
    rememberDevice: {
      on: {
        REMEMBER: {
          target: 'signedIn',
          actions: assign(({ event }) => ({ device: event.remember ? ('remembered' as const) : ('notRemembered' as const) })),
        },
      },
    },
    signedIn: { type: 'final' },
    /** signedOut with `accountConfirmed`: the user signs in with the password. */
    confirmedOut: { type: 'final' },
    /** signedOut with `passwordReset`. */
    resetOut: { type: 'final' },
    /** Cancelled: signedOut, nothing said. */
    left: { type: 'final' },
  },
})
